using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Grains.Coordination;
using KeypointGrains.Grains.Placement;
using KeypointGrains.Grains.Storage;
using KeypointGrains.Scheduling;
using KeypointGrains.Specs;
using KeypointGrains.Specs.Collections;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

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
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => coordinator.Start(plan.WithSpecs(spec => spec with { DataPath = "b.csv" })));
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => coordinator.Start(plan.WithRecipes(m => m.Recipe with { BatchSize = 7 })));
    }

    /// <summary>
    /// A coordinator's state as builds before model specs stored it (its plan in the old layout, which
    /// <see cref="StoredCampaignPlan"/> writes as it was): the coordinator comes back with the same plan of specs, goes
    /// on with the campaign and stores the plan in today's layout with its next write.
    /// </summary>
    [Fact]
    public async Task A_campaign_stored_before_plans_held_model_specs_goes_on_with_the_same_plan()
    {
        using var folder = new TemporaryFolder();
        await using var cluster = await TestClusters.StartAsync(TestClusters.LocalSettings(folder.Path, allowCpu: false), SiloDevice.Cpu);
        var recipe = Support.Campaigns.TinyRecipe();
        var stored = new StoredCampaignPlan("stored", "a.csv", EquatableArray.Of<StoredModelPlan>([
            new(ModelPlan.BaselineName, EquatableArray.Of<int>([0, 1, 2, 3]), recipe) { Values = EquatableArray<string>.Empty },
            new("eye-centers", EquatableArray.Of<int>([0, 1]), recipe) { StartsFrom = ModelPlan.BaselineName, Values = EquatableArray<string>.Empty },
        ])) { SplitSeed = 7 };
        var storage = cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(KeypointStorage.Name);
        var coordinator = cluster.Client.GetGrain<ICampaignCoordinatorGrain>("stored");
        var state = new GrainState<CampaignState>(new CampaignState
        {
            PlanBeforeSpecs = stored,
            Phase = CampaignPhase.Training,
            Models = stored.Models.ToDictionary(m => m.Name, _ => new ModelRecord()),
        });
        await storage.WriteStateAsync("campaign", coordinator.GetGrainId(), state);

        var split = new SplitSpec { Seed = 7 };
        var expected = new CampaignPlan("stored", [
            new ModelPlan(ModelPlan.BaselineName, new ModelSpec("a.csv", [0, 1, 2, 3], recipe) { Split = split }),
            new ModelPlan("eye-centers", new ModelSpec("a.csv", [0, 1], recipe) { Split = split, StartsFrom = ModelPlan.BaselineName }),
        ]);
        Assert.Equal(expected, await coordinator.GetPlan());
        // The same plan sent again is the campaign's own; the models go on from where they stood.
        Assert.Equal(CampaignPhase.Training, (await coordinator.Start(expected)).Phase);
        await coordinator.ModelEnded(Ended(expected.Models[0], ModelPhase.Finished, bestEpoch: 2));
        var campaigns = new CampaignClient(cluster.Client);
        await Until(campaigns, "stored", s => s.Model(ModelPlan.BaselineName).Phase == ModelPhase.Finished);

        var written = new GrainState<CampaignState>();
        await storage.ReadStateAsync("campaign", coordinator.GetGrainId(), written);
        Assert.NotNull(written.State);
        Assert.Equal(expected, written.State.Plan);
        Assert.Null(written.State.PlanBeforeSpecs);
    }
}
