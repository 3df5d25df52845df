using KeypointGrains.Client.Hosts;
using Xunit.Abstractions;

namespace KeypointGrains.Cluster.Tests.Hosts;

/// <summary>
/// The host training a specialist loses storage (Azurite: membership table, state, checkpoints) for 25 s mid-training,
/// while its peers still reach it, then gets it back. Its models go on there or move; either way nothing is lost: the
/// campaign completes, every epoch is in each history once, no checkpoint replaces a newer one.
/// </summary>
public class StorageCutTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task A_host_cut_from_storage_loses_nothing_and_the_campaign_completes()
    {
        var (run, events) = await HostCampaigns.CutMidTrainingAsync(HostLink.Storage, TimeSpan.FromSeconds(25), output);

        Assert.NotNull(run.Cut);
        Assert.Contains(HostCampaigns.Victim, run.Cut.OnCutHost);
        // It went on (there or elsewhere) while the cut lasted: a silent storage holds no request longer than its network timeout.
        Assert.True(run.Cut.EpochsDuringCut[HostCampaigns.Victim] > 0, $"{HostCampaigns.Victim} trained no epoch during the cut");
        HostCampaigns.AssertNothingLost(run);
        Assert.Contains(events, e => e.Contains($"cut host {run.Cut.Host}") && e.Contains("from storage, both ways"));
    }
}
