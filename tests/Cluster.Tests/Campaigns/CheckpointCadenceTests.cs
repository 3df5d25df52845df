using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Grains.Placement;
using KeypointGrains.Specs;

namespace KeypointGrains.Cluster.Tests.Campaigns;

/// <summary>How often a training run stores a resumable checkpoint (CheckpointPolicy.Overhead, AlwaysAfter).</summary>
public class CheckpointCadenceTests
{
    [SkippableTheory]
    [InlineData(0, new int[0], new[] { 1, 2, 3, 4 })]
    // A budget so small that after the first write no epoch is ever long enough to earn another.
    [InlineData(1e-9, new int[0], new[] { 1 })]
    // The same budget, and a search's rungs, which are always stored.
    [InlineData(1e-9, new[] { 2, 3 }, new[] { 1, 2, 3 })]
    public async Task A_run_checkpoints_every_epoch_or_only_as_often_as_its_write_budget_allows_and_always_at_a_rung(double overhead,
        int[] alwaysAfter, int[] checkpointed)
    {
        var data = TestData.TrainingCsv();
        using var folder = new TemporaryFolder();
        await using var cluster = await TestClusters.StartAsync(TestClusters.LocalSettings(folder.Path, watchdogSeconds: 2), SiloDevice.Cpu);
        var campaigns = new CampaignClient(cluster.Client);
        var plan = Support.Campaigns.Tiny("cadence", data, epochs: 4).Only("nose-tip").WithSpecs(spec => spec with { Checkpoints = new CheckpointPolicy { Overhead = overhead, AlwaysAfter = alwaysAfter } });
        await campaigns.StartCampaign(plan);
        await Support.Campaigns.Completion(campaigns, "cadence", TimeSpan.FromMinutes(2));

        var curve = (await campaigns.GetHistory("cadence")).Single().Epochs;
        Assert.Equal([1, 2, 3, 4], curve.Select(e => e.Epoch));
        Assert.Equal(checkpointed, curve.Where(e => e.Checkpoint is not null).Select(e => e.Epoch));
    }
}
