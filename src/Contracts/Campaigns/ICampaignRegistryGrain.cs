namespace KeypointGrains.Contracts.Campaigns;

/// <summary>
/// The campaigns this cluster has started, oldest first (one registry per cluster: key <see cref="Key"/>), so that the
/// training page can list them, and which of them still train, so that silos can resume them after a restart or a
/// silo's death. Coordinators register their campaign when it starts training and tell the registry when it completed.
/// </summary>
public interface ICampaignRegistryGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>Adds the campaign (again: changes nothing) and counts it as training.</summary>
    Task Register(string campaignId);

    /// <summary>The campaign no longer trains.</summary>
    Task Completed(string campaignId);

    Task<IReadOnlyList<string>> GetCampaigns();

    /// <summary>The campaigns registered and not completed since.</summary>
    Task<IReadOnlyList<string>> GetUnfinished();
}
