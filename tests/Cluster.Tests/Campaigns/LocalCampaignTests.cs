using KeypointGrains.Client.Bench;
using KeypointGrains.Client.Commands;
using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Contracts.Storage;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Grains.Placement;
using KeypointGrains.Keypoints.Data;
using Microsoft.Extensions.DependencyInjection;

namespace KeypointGrains.Cluster.Tests.Campaigns;

/// <summary>A real (tiny) campaign on an in-process CPU silo: training grains, coordinator, predictors and the merge.</summary>
public class LocalCampaignTests
{
    [SkippableFact]
    public async Task A_tiny_study_trains_seven_models_and_the_ensemble_predicts_what_its_models_predict()
    {
        var data = TestData.TrainingCsv();
        using var folder = new TemporaryFolder();
        await using var cluster = await TestClusters.StartAsync(TestClusters.LocalSettings(folder.Path, watchdogSeconds: 2), SiloDevice.Cpu);
        var campaigns = new CampaignClient(cluster.Client);

        await campaigns.StartCampaign(Support.Campaigns.Tiny("local", data));
        var status = await Support.Campaigns.Completion(campaigns, "local", TimeSpan.FromMinutes(4));

        Assert.Equal(CampaignPhase.Completed, status.Phase);
        Assert.All(status.Models, m => Assert.Equal(ModelPhase.Finished, m.Phase));
        Assert.All(status.Models, m => Assert.Equal(3, m.Epoch));
        Assert.All(status.Models, m => Assert.Equal("cpu", m.Device));
        var history = await campaigns.GetHistory("local");
        Assert.All(history, h => Assert.Equal([1, 2, 3], h.Epochs.Select(e => e.Epoch)));

        var manifest = await campaigns.GetManifest("local");
        Assert.Equal(7, manifest.Version);
        Assert.Equal(7, manifest.Members.Count);

        var faces = KaggleCsvReader.ReadTraining(data);
        var batch = Faces.Batch(faces, 5);
        var prediction = await campaigns.PredictAsync("local", batch);
        Assert.False(prediction.Degraded);
        Assert.Equal(5 * 30, prediction.Coordinates.Length);

        // The same forward passes without Orleans give the same numbers in the same columns.
        var store = cluster.GetSiloServiceProvider().GetRequiredService<ICheckpointStore>();
        var pixels = faces.Pixels.AsSpan(0, 5 * 9216).ToArray();
        foreach (var member in manifest.Specialists)
        {
            var bare = await StoredModels.PredictAsync(store, member.Checkpoint, pixels, 5);
            for (int face = 0; face < 5; face++)
                for (int c = 0; c < member.Columns.Count; c++)
                    Assert.Equal(bare[face * member.Columns.Count + c], prediction.Face(face)[member.Columns[c]], tolerance: 1e-4);
        }

        // The benchmark `kg bench infer --cluster` prints runs end to end on this ensemble (figures not judged here).
        var figures = await ClusterInferenceBenchmark.RunAsync(cluster.Client, manifest, store, Faces.Batch(faces, 8),
            new InferenceBenchmarkOptions { BatchSize = 8, LatencyRequests = 5, BatchRequests = 2, WarmupRequests = 1, Device = "cpu" });
        var keys = figures.All.Select(f => f.Key).ToArray();
        foreach (var key in new[] { "ensemble_b1_p50_ms", "ensemble_b1_p99_ms", "ensemble_faces_per_s", "bare_b1_p50_ms", "bare_faces_per_s" })
            Assert.Contains(key, keys);
        Assert.Equal("0", figures.All.Single(f => f.Key == "degraded_requests").Value);
    }

    [SkippableFact]
    public async Task A_specialist_that_cannot_answer_is_replaced_by_the_baseline_and_flagged()
    {
        var data = TestData.TrainingCsv();
        using var folder = new TemporaryFolder();
        await using var cluster = await TestClusters.StartAsync(TestClusters.LocalSettings(folder.Path, watchdogSeconds: 2), SiloDevice.Cpu);
        var campaigns = new CampaignClient(cluster.Client);
        var plan = Support.Campaigns.Tiny("degraded", data, epochs: 1);
        await campaigns.StartCampaign(plan.Only(plan.Models.Take(3).Select(m => m.Name).ToArray()));
        await Support.Campaigns.Completion(campaigns, "degraded", TimeSpan.FromMinutes(3));
        var manifest = await campaigns.GetManifest("degraded");
        var batch = Faces.Batch(KaggleCsvReader.ReadTraining(data), 2);
        var healthy = await campaigns.PredictAsync(manifest, batch);

        // Point the nose-tip specialist at weights that are not there: its predictor fails for real.
        var nose = manifest.Members.Single(m => m.Model == "nose-tip");
        var broken = manifest with
        {
            Members = manifest.Members.Select(m => m == nose
                ? m with { Checkpoint = m.Checkpoint with { Name = "degraded/nose-tip/missing.model" } }
                : m).ToArray(),
        };
        var degraded = await campaigns.PredictAsync(broken, batch);

        Assert.Equal(["nose-tip"], degraded.DegradedGroups);
        var bare = await StoredModels.PredictAsync(cluster.GetSiloServiceProvider().GetRequiredService<ICheckpointStore>(),
            manifest.Baseline!.Checkpoint, KaggleCsvReader.ReadTraining(data).Pixels.AsSpan(0, 2 * 9216).ToArray(), 2);
        for (int face = 0; face < 2; face++)
        {
            foreach (var column in nose.Columns) Assert.Equal(bare[face * 30 + column], degraded.Face(face)[column], tolerance: 1e-4);
            foreach (var column in manifest.Members.Single(m => m.Model == "eye-centers").Columns)
                Assert.Equal(healthy.Face(face)[column], degraded.Face(face)[column], tolerance: 1e-4);
        }
    }
}
