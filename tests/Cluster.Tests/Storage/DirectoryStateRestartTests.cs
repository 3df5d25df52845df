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
        using var folder = new TemporaryFolder();
        // No accelerator and no CPU training: the coordinator holds only what the script reports.
        var settings = TestClusters.LocalSettings(folder.Path, allowCpu: false);
        var plan = Support.Campaigns.Tiny("directory", "unused.csv");
        var serviceId = $"directory-{Guid.NewGuid():N}";
        var (eyebrows, nose) = (plan.Model("eyebrows"), plan.Model("nose-tip"));

        CampaignStatus before;
        await using (var first = await TestClusters.StartAsync(settings, serviceId, SiloDevice.Cpu))
        {
            var campaigns = new CampaignClient(first.Client);
            var coordinator = first.Client.GetGrain<ICampaignCoordinatorGrain>("directory");
            await coordinator.Start(plan);
            var completion = new ModelCompletion(eyebrows.Name, "mlp", eyebrows.Columns,
                new CheckpointReference("local", "directory/eyebrows/best-00002.model", 2, 100), 2, 0.3, 3, EarlyStopped: false);
            await coordinator.ModelEnded(new TrainingStatus(eyebrows.Name, ModelPhase.Finished, null, null, null, completion, null,
                "s", "cpu", 0, 0, eyebrows.Recipe));
            await coordinator.ModelEnded(new TrainingStatus(nose.Name, ModelPhase.Failed, null, null, null, null, "IOException: disk full",
                "s", "cpu", 0, 0, nose.Recipe));
            before = await Poll.Until(() => campaigns.GetStatus("directory"), s => s.Model(nose.Name).Phase == ModelPhase.Failed,
                TimeSpan.FromSeconds(30), Support.Campaigns.Describe);
        }

        await using var second = await TestClusters.StartAsync(settings, serviceId, SiloDevice.Cpu);
        var restarted = new CampaignClient(second.Client);
        var after = await restarted.GetStatus("directory");
        Assert.Equal(before.Models.Select(m => (m.Model, m.Phase, m.Error)), after.Models.Select(m => (m.Model, m.Phase, m.Error)));
        Assert.Equal(ModelPhase.Finished, after.Model(eyebrows.Name).Phase);
        Assert.Equal("IOException: disk full", after.Model(nose.Name).Error);
        var manifest = await restarted.GetManifest("directory");
        Assert.Equal(1, manifest.Version);
        Assert.Equal("directory/eyebrows/best-00002.model", manifest.Members.Single().Checkpoint.Name);
        Assert.Equal(plan, await restarted.GetPlan("directory"));
    }
}
