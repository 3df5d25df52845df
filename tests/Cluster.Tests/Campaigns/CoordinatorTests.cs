using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Grains.Placement;

namespace KeypointGrains.Cluster.Tests.Campaigns;

/// <summary>
/// The coordinator driven by scripted ends of models. Its cluster has no accelerator and forbids CPU training, so no
/// training grain can be placed and every end comes from the script.
/// </summary>
public class CoordinatorTests
{
    private static TrainingStatus Ended(ModelPlan model, ModelPhase phase, int bestEpoch = 0, string? error = null) =>
        new(model.Name, phase, null, null, null,
            phase.HasModel()
                ? new ModelCompletion(model.Name, "mlp", model.Columns, new CheckpointReference("local", $"{model.Name}.model", bestEpoch, 10),
                    bestEpoch, 0.01, bestEpoch + 3, EarlyStopped: phase == ModelPhase.EarlyStopped)
                : null,
            error, "script", "cpu", 0, 0, model.Recipe);

    private static Task<CampaignStatus> Until(CampaignClient campaigns, string id, Func<CampaignStatus, bool> until) =>
        Poll.Until(() => campaigns.GetStatus(id), until, TimeSpan.FromSeconds(30), Support.Campaigns.Describe);

    [Fact]
    public async Task Each_finished_model_versions_the_manifest_and_an_end_is_recorded_once()
    {
        using var folder = new TemporaryFolder();
        await using var cluster = await TestClusters.StartAsync(TestClusters.LocalSettings(folder.Path, allowCpu: false), SiloDevice.Cpu);
        var plan = Support.Campaigns.Tiny("scripted", "unused.csv").Only(ModelPlan.BaselineName, "eye-centers");
        var campaigns = new CampaignClient(cluster.Client);
        var coordinator = cluster.Client.GetGrain<ICampaignCoordinatorGrain>("scripted");
        var (baseline, eyes) = (plan.Models[0], plan.Models[1]);

        var started = await campaigns.StartCampaign(plan);
        Assert.Equal(CampaignPhase.Training, started.Phase);
        Assert.All(started.Models, m => Assert.Equal(ModelPhase.Pending, m.Phase));

        await coordinator.ModelEnded(Ended(eyes, ModelPhase.EarlyStopped, bestEpoch: 2));
        var status = await Until(campaigns, "scripted", s => s.ManifestVersion == 1);
        Assert.Equal(ModelPhase.EarlyStopped, status.Model(eyes.Name).Phase);
        var manifest = await campaigns.GetManifest("scripted");
        Assert.Equal([eyes.Name], manifest.Members.Select(m => m.Model));
        Assert.Equal(eyes.Columns, manifest.Members[0].Columns);

        // A second report of the same end (a retried message) changes nothing.
        await coordinator.ModelEnded(Ended(eyes, ModelPhase.Finished, bestEpoch: 9));
        await coordinator.ModelEnded(Ended(baseline, ModelPhase.Finished, bestEpoch: 5));
        var final = await Until(campaigns, "scripted", s => s.Phase == CampaignPhase.Completed);
        Assert.Equal(2, final.ManifestVersion);
        Assert.Equal(ModelPhase.EarlyStopped, final.Model(eyes.Name).Phase);
        Assert.Equal(ModelPhase.Finished, final.Model(baseline.Name).Phase);
        Assert.Equal(2, (await campaigns.GetManifest("scripted")).Members.Single(m => m.Model == eyes.Name).Checkpoint.Epoch);
    }

    [Fact]
    public async Task When_the_baseline_fails_the_specialists_that_start_from_it_are_skipped_with_the_reason()
    {
        using var folder = new TemporaryFolder();
        await using var cluster = await TestClusters.StartAsync(TestClusters.LocalSettings(folder.Path, allowCpu: false), SiloDevice.Cpu);
        var plan = Support.Campaigns.Tiny("orphans", "unused.csv", specialistsFromBaseline: true);
        var campaigns = new CampaignClient(cluster.Client);
        var started = await campaigns.StartCampaign(plan);
        Assert.All(started.Models.Where(m => m.Model != ModelPlan.BaselineName), m => Assert.Equal(ModelPlan.BaselineName, m.WaitsFor));

        await cluster.Client.GetGrain<ICampaignCoordinatorGrain>("orphans")
            .ModelEnded(Ended(plan.Models[0], ModelPhase.Failed, error: "OutOfMemoryException: CUDA out of memory (full trace in silo.log)"));
        var final = await Until(campaigns, "orphans", s => s.Phase == CampaignPhase.Completed);

        Assert.Equal(ModelPhase.Failed, final.Model(ModelPlan.BaselineName).Phase);
        Assert.StartsWith("OutOfMemoryException", final.Model(ModelPlan.BaselineName).Error);
        Assert.All(final.Models.Where(m => m.Model != ModelPlan.BaselineName), m =>
        {
            Assert.Equal(ModelPhase.Skipped, m.Phase);
            Assert.Equal("it starts from 'all', which failed", m.Error);
            Assert.Equal(0, m.Epoch);
        });
        Assert.Equal(0, final.ManifestVersion);
    }

    [Fact]
    public async Task Starting_again_with_another_plan_is_refused()
    {
        using var folder = new TemporaryFolder();
        await using var cluster = await TestClusters.StartAsync(TestClusters.LocalSettings(folder.Path, allowCpu: false), SiloDevice.Cpu);
        var coordinator = cluster.Client.GetGrain<ICampaignCoordinatorGrain>("twice");
        var plan = Support.Campaigns.Tiny("twice", "a.csv");
        await coordinator.Start(plan);
        Assert.Equal(CampaignPhase.Training, (await coordinator.Start(plan)).Phase);
        // A plan built anew from the same values is the same plan.
        Assert.Equal(CampaignPhase.Training, (await coordinator.Start(Support.Campaigns.Tiny("twice", "a.csv"))).Phase);
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => coordinator.Start(plan with { DataPath = "b.csv" }));
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => coordinator.Start(plan.WithRecipes(m => m.Recipe with { BatchSize = 7 })));
    }
}
