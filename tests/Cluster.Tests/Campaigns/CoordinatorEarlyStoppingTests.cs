using KeypointGrains.Client.Commands;
using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Grains.Placement;

namespace KeypointGrains.Cluster.Tests.Campaigns;

/// <summary>
/// The coordinator driven by scripted epoch reports. Its cluster has no accelerator and forbids CPU training, so no
/// training grain can be placed and every report comes from the script.
/// </summary>
public class CoordinatorEarlyStoppingTests
{
    private static EpochReport Epoch(string model, int epoch, double validationLoss) =>
        new(model, epoch, validationLoss * 2, validationLoss, Math.Sqrt(validationLoss) * 48, 0.1, 100, "script", "cpu", null);

    private static ModelCompletion Completion(ModelPlan model, int bestEpoch, double loss, bool earlyStopped) =>
        new(model.Name, "mlp", model.Columns, new CheckpointReference("local", $"{model.Name}.model", bestEpoch, 10),
            bestEpoch, loss, bestEpoch + 3, earlyStopped);

    [Fact]
    public async Task Stops_a_model_after_patience_epochs_without_improvement_and_versions_the_manifest()
    {
        using var folder = new TemporaryDirectory();
        await using var cluster = await TestClusters.StartAsync(TestClusters.LocalSettings(folder.Path, allowCpu: false), SiloDevice.Cpu);
        var study = CampaignPlans.SeedStudy("scripted", "unused.csv", new TrainingSettings { Network = "mlp", Patience = 2 });
        var plan = study with { Models = study.Models.Take(2).ToArray() };
        var campaigns = new CampaignClient(cluster.Client);
        var coordinator = cluster.Client.GetGrain<ICampaignCoordinatorGrain>("scripted");
        var (baseline, eyes) = (plan.Models[0], plan.Models[1]);

        var started = await campaigns.StartCampaign(plan);
        Assert.Equal(CampaignPhase.Training, started.Phase);
        Assert.All(started.Models, m => Assert.Equal(ModelPhase.Pending, m.Phase));

        double[] losses = [1.0, 0.8, 0.9, 0.85, 0.95];
        var directives = new List<TrainingDirective>();
        for (int epoch = 1; epoch <= losses.Length; epoch++)
        {
            directives.Add(await coordinator.ReportEpoch(Epoch(eyes.Name, epoch, losses[epoch - 1])));
            Assert.Equal(TrainingDirective.Continue, await coordinator.ReportEpoch(Epoch(baseline.Name, epoch, 1.0 / epoch)));
        }

        // Best at epoch 2; epochs 3 and 4 are within patience 2; epoch 5 is the third without improvement.
        Assert.Equal([TrainingDirective.Continue, TrainingDirective.Continue, TrainingDirective.Continue,
            TrainingDirective.Continue, TrainingDirective.Stop], directives);
        var status = await campaigns.GetStatus("scripted");
        Assert.Equal(2, status.Model(eyes.Name).BestEpoch);
        Assert.Equal(0.8, status.Model(eyes.Name).BestValidationLoss);
        Assert.Equal(5, status.Model(eyes.Name).Epoch);
        Assert.Equal(0, status.ManifestVersion);

        await coordinator.ReportCompletion(Completion(eyes, 2, 0.8, earlyStopped: true));
        var manifest = await campaigns.GetManifest("scripted");
        Assert.Equal(1, manifest.Version);
        Assert.Equal([eyes.Name], manifest.Members.Select(m => m.Model));
        Assert.Equal(eyes.Columns, manifest.Members[0].Columns);
        Assert.Equal(ModelPhase.EarlyStopped, (await campaigns.GetStatus("scripted")).Model(eyes.Name).Phase);
        Assert.Equal(TrainingDirective.Stop, await coordinator.ReportEpoch(Epoch(eyes.Name, 6, 0.1)));

        await coordinator.ReportCompletion(Completion(baseline, 5, 0.2, earlyStopped: false));
        var final = await campaigns.GetStatus("scripted");
        Assert.Equal(CampaignPhase.Completed, final.Phase);
        Assert.Equal(2, final.ManifestVersion);
        Assert.Equal(ModelPhase.Finished, final.Model(baseline.Name).Phase);
        Assert.NotNull((await campaigns.GetManifest("scripted")).Baseline);
    }

    [Fact]
    public async Task A_repeated_epoch_replaces_the_later_ones_and_early_stopping_follows_the_new_curve()
    {
        using var folder = new TemporaryDirectory();
        await using var cluster = await TestClusters.StartAsync(TestClusters.LocalSettings(folder.Path, allowCpu: false), SiloDevice.Cpu);
        var plan = CampaignPlans.SeedStudy("repeat", "unused.csv", new TrainingSettings { Patience = 1 });
        var coordinator = cluster.Client.GetGrain<ICampaignCoordinatorGrain>("repeat");
        await coordinator.Start(plan);

        Assert.Equal(TrainingDirective.Continue, await coordinator.ReportEpoch(Epoch("nose-tip", 1, 0.5)));
        Assert.Equal(TrainingDirective.Continue, await coordinator.ReportEpoch(Epoch("nose-tip", 2, 0.6)));
        // Resumed from the checkpoint of epoch 1: epoch 2 again, now better, so the stale epoch 2 no longer counts.
        Assert.Equal(TrainingDirective.Continue, await coordinator.ReportEpoch(Epoch("nose-tip", 2, 0.4)));
        Assert.Equal(TrainingDirective.Continue, await coordinator.ReportEpoch(Epoch("nose-tip", 3, 0.45)));
        Assert.Equal(TrainingDirective.Stop, await coordinator.ReportEpoch(Epoch("nose-tip", 4, 0.45)));

        var nose = (await coordinator.GetStatus()).Model("nose-tip");
        Assert.Equal(1, nose.EpochsRepeated);
        Assert.Equal(2, nose.BestEpoch);
        var history = (await coordinator.GetHistory()).Single(h => h.Model == "nose-tip");
        Assert.Equal([1, 2, 3, 4], history.Epochs.Select(e => e.Epoch));
    }

    [Fact]
    public async Task Starting_again_with_another_plan_is_refused()
    {
        using var folder = new TemporaryDirectory();
        await using var cluster = await TestClusters.StartAsync(TestClusters.LocalSettings(folder.Path, allowCpu: false), SiloDevice.Cpu);
        var coordinator = cluster.Client.GetGrain<ICampaignCoordinatorGrain>("twice");
        var plan = CampaignPlans.SeedStudy("twice", "a.csv", new TrainingSettings());
        await coordinator.Start(plan);

        Assert.Equal(CampaignPhase.Training, (await coordinator.Start(plan)).Phase);
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => coordinator.Start(plan with { DataPath = "b.csv" }));
    }
}
