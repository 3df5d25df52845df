using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Grains.Placement;

namespace KeypointGrains.Cluster.Tests.Placement;

public class AcceleratorPlacementTests
{
    private static readonly CampaignPlan Plan = Support.Campaigns.Tiny("placement", "unused.csv");

    private static Task<TrainingStatus[]> ActivateAll(IGrainFactory grains, string campaign) =>
        Task.WhenAll(Plan.Models.Select(m =>
            grains.GetGrain<IModelTrainingGrain>(TrainingAssignment.TrainingGrainKey(campaign, m.Name)).GetStatus()));

    [Fact]
    public async Task Every_training_grain_activates_on_the_silo_with_the_accelerator()
    {
        using var folder = new TemporaryFolder();
        await using var cluster = await TestClusters.StartAsync(TestClusters.LocalSettings(folder.Path),
            SiloDevice.Cpu, new SiloDevice("cuda", 0));
        var accelerated = cluster.Silos[1].SiloAddress.ToString();

        var statuses = await ActivateAll(cluster.Client, "placement-a");

        Assert.Equal(7, statuses.Length);
        Assert.All(statuses, s => Assert.Equal(accelerated, s.Silo));
        Assert.All(statuses, s => Assert.Equal("cuda:0", s.Device));
    }

    [Fact]
    public async Task Training_grains_spread_over_accelerator_silos_one_after_another()
    {
        using var folder = new TemporaryFolder();
        await using var cluster = await TestClusters.StartAsync(TestClusters.LocalSettings(folder.Path),
            new SiloDevice("cuda", 0), new SiloDevice("cuda", 1));

        var statuses = new List<TrainingStatus>();
        foreach (var model in Plan.Models)
            statuses.Add(await cluster.Client
                .GetGrain<IModelTrainingGrain>(TrainingAssignment.TrainingGrainKey("placement-b", model.Name)).GetStatus());

        Assert.Equal([3, 4], statuses.GroupBy(s => s.Silo).Select(g => g.Count()).Order());
    }

    [Fact]
    public async Task A_campaign_placing_its_seven_training_grains_at_once_spreads_them_over_accelerator_silos()
    {
        using var folder = new TemporaryFolder();
        await using var cluster = await TestClusters.StartAsync(TestClusters.LocalSettings(folder.Path),
            new SiloDevice("cuda", 0), new SiloDevice("cuda", 1));

        // The coordinator starts all seven in parallel, so one silo's director decides them in a burst. (Their training
        // then fails at once on the missing data file; only where they were placed matters here.)
        await cluster.Client.GetGrain<ICampaignCoordinatorGrain>("placement-d").Start(Plan with { CampaignId = "placement-d" });
        var statuses = await ActivateAll(cluster.Client, "placement-d");

        Assert.Equal([3, 4], statuses.GroupBy(s => s.Silo).Select(g => g.Count()).Order());
    }

    [Fact]
    public async Task Without_an_accelerator_and_without_cpu_training_nothing_is_placed()
    {
        using var folder = new TemporaryFolder();
        await using var cluster = await TestClusters.StartAsync(TestClusters.LocalSettings(folder.Path, allowCpu: false),
            SiloDevice.Cpu, SiloDevice.Cpu);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => ActivateAll(cluster.Client, "placement-c"));
        Assert.Contains("AllowCpu", error.ToString());
    }
}
