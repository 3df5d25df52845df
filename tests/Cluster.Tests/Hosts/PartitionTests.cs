using KeypointGrains.Client.Hosts;
using Xunit.Abstractions;

namespace KeypointGrains.Cluster.Tests.Hosts;

/// <summary>
/// Three hosts (network namespaces) with a silo each, Azurite on a storage host of its own, Azure Storage clustering;
/// the host training a specialist is cut mid-training, then healed. Cut from the other silos (not from storage), it is
/// declared dead and its models train elsewhere, while the cut silo may train them on until it learns of its death.
/// Cut from storage (its peers still reach it), its models go on there or move. Either way one writer per model holds
/// and nothing is lost: the campaign completes, every epoch is in each history once, no checkpoint replaces a newer
/// one, and few epochs are repeated.
/// </summary>
public class PartitionTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task A_host_cut_from_the_other_silos_loses_its_models_to_them_and_the_campaign_completes_with_one_writer_per_model()
    {
        var (run, events) = await HostCampaigns.CutMidTrainingAsync(HostLink.Peers, TimeSpan.FromSeconds(30), output);

        Assert.NotNull(run.Cut);
        // The victim trained on another host: the cluster declared the cut one dead.
        Assert.Contains(HostCampaigns.Victim, run.Cut.Moved.Keys);
        HostCampaigns.AssertNothingLost(run);
        Assert.Contains(events, e => e.Contains($"cut host {run.Cut.Host}") && e.Contains("from peers, both ways"));
        Assert.Contains(events, e => e.Contains("healed"));
    }

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
