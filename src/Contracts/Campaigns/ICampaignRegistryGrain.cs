namespace KeypointGrains.Contracts.Campaigns;

/// <summary>
/// The campaigns this cluster has started, oldest first (one registry per cluster: key <see cref="Key"/>), so that the
/// training page can list them. Coordinators register themselves when their campaign starts.
/// </summary>
public interface ICampaignRegistryGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>Adds the campaign; registering it again changes nothing.</summary>
    Task Register(string campaignId);

    Task<IReadOnlyList<string>> GetCampaigns();
}
