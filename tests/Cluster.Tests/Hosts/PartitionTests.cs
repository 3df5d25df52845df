using KeypointGrains.Client.Hosts;
using Xunit.Abstractions;

namespace KeypointGrains.Cluster.Tests.Hosts;

/// <summary>
/// Three hosts (network namespaces) with a silo each, Azurite on a storage host of its own, Azure Storage clustering.
/// The host training a specialist is cut from the other silos (not from storage) mid-training, then healed: the
/// cluster declares it dead and trains its models elsewhere, while the cut silo may train them on until it learns of
/// its death. One writer per model holds: the campaign completes, no checkpoint is replaced by an older one, and few
/// epochs are repeated.
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
}
