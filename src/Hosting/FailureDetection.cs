using KeypointGrains.ClusterClient.Connection;
using Orleans.Configuration;

namespace KeypointGrains.Hosting;

public static class FailureDetection
{
    /// <summary>The settings given; Orleans' defaults for the rest.</summary>
    public static void ApplyTo(this FailureDetectionSettings settings, ClusterMembershipOptions options)
    {
        if (settings.ProbeTimeout is { } probe) options.ProbeTimeout = probe;
        if (settings.NumMissedProbesLimit is { } missed) options.NumMissedProbesLimit = missed;
        if (settings.NumVotesForDeathDeclaration is { } votes) options.NumVotesForDeathDeclaration = votes;
        if (settings.DeathVoteExpirationTimeout is { } expiration) options.DeathVoteExpirationTimeout = expiration;
        if (settings.IAmAliveTablePublishTimeout is { } alive) options.IAmAliveTablePublishTimeout = alive;
        if (settings.TableRefreshTimeout is { } refresh) options.TableRefreshTimeout = refresh;
    }
}
