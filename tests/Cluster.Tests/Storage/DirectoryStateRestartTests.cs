using KeypointGrains.Client.Commands;
using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Grains.Placement;

namespace KeypointGrains.Cluster.Tests.Storage;

/// <summary>The default single-machine storage: grain state as files that outlive the cluster.</summary>
public class DirectoryStateRestartTests
{
    [Fact]
    public async Task Coordinator_state_written_to_the_directory_is_read_back_by_a_new_cluster()
    {
        using var folder = new TemporaryDirectory();
        // No accelerator and no CPU training: the coordinator holds only what the script reports.
        var settings = TestClusters.LocalSettings(folder.Path, allowCpu: false);
        var plan = CampaignPlans.SeedStudy("directory", "unused.csv", new TrainingSettings { Patience = 5 });
        var serviceId = $"directory-{Guid.NewGuid():N}";

        CampaignStatus before;
        await using (var first = await TestClusters.StartAsync(settings, serviceId, SiloDevice.Cpu))
        {
            var coordinator = first.Client.GetGrain<ICampaignCoordinatorGrain>("directory");
            await coordinator.Start(plan);
            foreach (var (epoch, loss) in new[] { (1, 0.5), (2, 0.3), (3, 0.4) })
                await coordinator.ReportEpoch(new EpochReport("eyebrows", epoch, loss, loss, 1, 0.1, 10, "s", "cpu",
                    new CheckpointReference("local", $"directory/eyebrows/trainer-{epoch}.ckpt", epoch, 100)));
            before = await coordinator.GetStatus();
        }

        await using var second = await TestClusters.StartAsync(settings, serviceId, SiloDevice.Cpu);
        var campaigns = new CampaignClient(second.Client);
        var after = await campaigns.GetStatus("directory");

        Assert.Equal(before.Models, after.Models);
        Assert.Equal(2, after.Model("eyebrows").BestEpoch);
        var history = (await campaigns.GetHistory("directory")).Single(h => h.Model == "eyebrows");
        Assert.Equal("directory/eyebrows/trainer-3.ckpt", history.Epochs[^1].Checkpoint!.Name);
        Assert.Equal(plan.Models.Select(m => m.Name), after.Models.Select(m => m.Model));
    }
}
