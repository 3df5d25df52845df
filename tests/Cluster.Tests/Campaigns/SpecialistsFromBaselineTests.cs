using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Storage;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Grains.Placement;
using KeypointGrains.Keypoints.Data;
using Microsoft.Extensions.DependencyInjection;

namespace KeypointGrains.Cluster.Tests.Campaigns;

/// <summary>The seed's specialists start from the baseline's best weights: they wait for it, then take its weights over.</summary>
public class SpecialistsFromBaselineTests
{
    [SkippableFact]
    public async Task Specialists_wait_for_the_baseline_and_start_from_its_best_weights()
    {
        var data = TestData.TrainingCsv();
        using var folder = new TemporaryFolder();
        await using var cluster = await TestClusters.StartAsync(TestClusters.LocalSettings(folder.Path, watchdogSeconds: 2), SiloDevice.Cpu);
        var campaigns = new CampaignClient(cluster.Client);
        var tiny = Support.Campaigns.Tiny("from-baseline", data, epochs: 2, specialistsFromBaseline: true);
        // A learning rate of 0 keeps every network at its starting weights, so a specialist that really started from the
        // baseline predicts its columns exactly as the baseline does. The augmentations only have to run along.
        // Fine-tuning specialists may stop sooner than the baseline.
        var plan = tiny.WithRecipes(m => m.Recipe with
        {
            LearningRateStart = 0, LearningRateEnd = 0, Augmentations = ["unsharp", "affine"], MaxEpochs = m.IsBaseline ? 2 : 1,
        });

        var started = await campaigns.StartCampaign(plan);
        Assert.Equal(ModelPhase.Training, started.Model(ModelPlan.BaselineName).Phase);
        Assert.All(started.Models.Where(m => m.Model != ModelPlan.BaselineName), m =>
        {
            Assert.Equal(ModelPhase.Pending, m.Phase);
            Assert.Equal(ModelPlan.BaselineName, m.WaitsFor);
        });
        var snapshots = new List<CampaignStatus> { started };
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4)))
            await foreach (var status in campaigns.WatchStatus(plan.CampaignId, TimeSpan.FromMilliseconds(100), timeout.Token))
                snapshots.Add(status);

        // No snapshot shows a specialist at work before the baseline has ended.
        foreach (var snapshot in snapshots.Where(s => s.Model(ModelPlan.BaselineName).Phase is ModelPhase.Pending or ModelPhase.Training))
            Assert.All(snapshot.Models.Where(m => m.Model != ModelPlan.BaselineName), m => Assert.Equal((ModelPhase.Pending, 0), (m.Phase, m.Epoch)));
        var final = snapshots[^1];
        Assert.Equal(CampaignPhase.Completed, final.Phase);
        Assert.All(final.Models, m => Assert.Equal((ModelPhase.Finished, m.Model == ModelPlan.BaselineName ? 2 : 1, (string?)null), (m.Phase, m.Epoch, m.WaitsFor)));

        var manifest = await campaigns.GetManifest(plan.CampaignId);
        Assert.Equal(plan.Models.Select(m => m.Name).Order(), manifest.Members.Select(m => m.Model).Order());
        var baseline = manifest.Baseline!;
        var baselineGrain = cluster.Client.GetGrain<IModelTrainingGrain>(TrainingAssignment.TrainingGrainKey(plan.CampaignId, baseline.Model));
        Assert.Null((await baselineGrain.GetStatus()).InitialWeights);

        var store = cluster.GetSiloServiceProvider().GetRequiredService<ICheckpointStore>();
        const int faces = 4;
        var pixels = KaggleCsvReader.ReadTraining(data).Pixels.AsSpan(0, faces * 9216).ToArray();
        var baselinePrediction = await StoredModels.PredictAsync(store, baseline.Checkpoint, pixels, faces);
        foreach (var specialist in manifest.Specialists)
        {
            var grain = cluster.Client.GetGrain<IModelTrainingGrain>(TrainingAssignment.TrainingGrainKey(plan.CampaignId, specialist.Model));
            Assert.Equal(baseline.Checkpoint, (await grain.GetStatus()).InitialWeights);
            var prediction = await StoredModels.PredictAsync(store, specialist.Checkpoint, pixels, faces);
            for (int face = 0; face < faces; face++)
                for (int c = 0; c < specialist.Columns.Count; c++)
                    Assert.Equal(baselinePrediction[face * 30 + specialist.Columns[c]], prediction[face * specialist.Columns.Count + c], tolerance: 1e-3);
        }
    }
}
