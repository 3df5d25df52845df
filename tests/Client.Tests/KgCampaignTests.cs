using KeypointGrains.Client.Commands;
using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Hosting;
using KeypointGrains.Hosting.Storage;
using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Reporting;
using Microsoft.Extensions.Configuration;

namespace KeypointGrains.Client.Tests;

/// <summary>kg campaign (kg train --specialists) end to end on the embedded silo, on a slice of the real data.</summary>
[Collection(KgConsoleCollection.Name)]
public class KgCampaignTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    [SkippableFact]
    public async Task Every_flag_of_a_campaign_reaches_its_trainers_as_the_recipe_they_record()
    {
        var slice = TrainingSlice.Write(folder.Path, rows: 300);
        var config = WriteConfiguration();
        Assert.Equal(0, await KgApp.RunAsync(["train", "--specialists", "--data", slice, "--preset", "quick", "--network", "mlp",
            "--epochs", "2", "--specialist-epochs", "1", "--patience", "9", "--batch", "64", "--seed", "7", "--augment", "contrast",
            "--campaign", "flags", "--config", config]));

        await using var cluster = await EmbeddedCluster.OpenAsync(Settings(config));
        var plan = await cluster.Campaigns().GetPlan("flags");
        Assert.Equal(Path.GetFullPath(slice), plan.DataPath);
        Assert.Equal(7, plan.SplitOf(fold: 0).Seed);
        foreach (var model in plan.Models)
        {
            var status = await cluster.Client.GetGrain<IModelTrainingGrain>(TrainingAssignment.TrainingGrainKey("flags", model.Name)).GetStatus();
            // What the grain recorded is what it trained with: the plan's recipe, which the trainer takes as it is.
            Assert.Equal(model.Recipe, status.Recipe);
            var recipe = status.Recipe!;
            Assert.Equal(("mlp", 64, 7), (recipe.Network, recipe.BatchSize, recipe.Seed));
            // Patience is the coordinator's stopping policy's; the trainer runs to its epoch limit.
            Assert.Equal(9, recipe.Patience);
            Assert.Equal(model.IsBaseline ? 2 : 1, recipe.MaxEpochs);
            Assert.Equal(model.IsBaseline ? 2 : 1, status.LastEpoch!.Epoch);
            // The flag's contrast copies, plus the preset's affine warps.
            Assert.Equal(["contrast", "affine"], AugmentationRegistry.Of(recipe).Names);
            // quick trains the baseline on every face and touches it up with specialists on a slice each.
            Assert.Equal(model.IsBaseline ? 0 : TrainingPresets.Resolve(TrainingPresets.Quick).SpecialistRecipe.MaxTrainingFaces, recipe.MaxTrainingFaces);
        }
    }

    [SkippableFact]
    public async Task A_failed_baseline_skips_its_specialists_says_so_in_one_line_and_can_be_retried()
    {
        var slice = TrainingSlice.Write(folder.Path, rows: 300);
        var config = WriteConfiguration();
        // A file that is there but is not training data: kg refuses a missing one before any model starts.
        var later = folder.File("arrives-later.csv");
        File.WriteAllText(later, "ImageId,Image\n");
        string[] campaign = ["--campaign", "broken", "--config", config];

        var failed = await KgProcess.RunAsync(folder.Path, ["campaign", "--data", later, "--preset", "quick", "--network", "mlp", "--epochs", "1", .. campaign]);
        Assert.True(failed.ExitCode == 1, failed.ToString());
        Assert.Contains("1 of 7 models failed and 6 were skipped", failed.Output);
        Assert.Contains("Skipped: it starts from 'all', which failed", failed.Output);
        Assert.DoesNotContain("Skipped: skipped", failed.Output);
        Assert.Contains("DataFormatException", failed.Output);
        Assert.Contains("full trace in", failed.Output);
        Assert.DoesNotContain("   at ", failed.Output + failed.Error);
        Assert.DoesNotContain("Predict with", failed.Output);
        // The trace went to the silo's log instead.
        var log = File.ReadAllText(EmbeddedCluster.LogFile(Settings(config)));
        Assert.Contains("Training broken/all failed", log);
        Assert.Contains("   at ", log);

        // Commands that need a finished model say so in one line, with no trace.
        foreach (var command in new[] { new[] { "report", "--out", folder.File("report") }, ["bench", "infer", "--cluster"], ["bench", "load"] })
        {
            var refused = await KgProcess.RunAsync(folder.Path, [.. command, .. campaign]);
            Assert.True(refused.ExitCode == 1, refused.ToString());
            var line = Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal("kg: Campaign 'broken' has no trained model yet.", line);
        }

        File.Copy(slice, later, overwrite: true);
        var retried = await KgProcess.RunAsync(folder.Path, ["campaign", "--retry-failed", .. campaign]);
        Assert.True(retried.ExitCode == 0, retried.ToString());
        Assert.Contains("Ensemble version 7", retried.Output);
    }

    [SkippableFact]
    public async Task A_k_fold_campaign_trains_each_model_per_fold_serves_their_average_and_reports_out_of_fold()
    {
        var slice = TrainingSlice.Write(folder.Path, rows: 300);
        var config = WriteConfiguration();
        Assert.Equal(0, await KgApp.RunAsync(["campaign", "--data", slice, "--preset", "quick", "--network", "mlp", "--epochs", "1",
            "--folds", "2", "--campaign", "folds", "--config", config]));

        var settings = Settings(config);
        await using (var cluster = await EmbeddedCluster.OpenAsync(settings))
        {
            var campaigns = cluster.Campaigns();
            var plan = await campaigns.GetPlan("folds");
            Assert.Equal(2, plan.Folds);
            Assert.Equal(14, plan.Models.Count);
            Assert.All(plan.Models.Where(m => !m.IsBaseline), m => Assert.Equal($"all@{m.Fold}", m.StartsFrom));
            var manifest = await campaigns.GetManifest("folds");
            Assert.Equal(plan.Models.Select(m => m.Name).Order(), manifest.Members.Select(m => m.Model).Order());

            // Served: each group is the mean of its two fold copies, which the test computes from the stored models.
            var faces = KaggleCsvReader.ReadTraining(slice);
            const int count = 3;
            var pixels = faces.Pixels.AsSpan(0, count * KeypointSchema.PixelCount).ToArray();
            var served = await campaigns.PredictAsync(manifest, EnsemblePredictor.ToBatch(faces.Select([0, 1, 2])));
            Assert.False(served.Degraded);
            var store = CheckpointStores.Create(settings);
            var copies = manifest.Members.Where(m => m.Group == "eyebrows").ToArray();
            Assert.Equal(2, copies.Length);
            var folds = new List<float[]>();
            foreach (var copy in copies)
            {
                await using var stream = await store.OpenReadAsync(copy.Checkpoint);
                using var model = TrainedModel.Load(stream, "cpu");
                folds.Add(model.Predict(pixels, count));
            }
            for (int face = 0; face < count; face++)
                for (int c = 0; c < copies[0].Columns.Count; c++)
                    Assert.Equal((folds[0][face * copies[0].Columns.Count + c] + folds[1][face * copies[0].Columns.Count + c]) / 2,
                        served.Face(face)[copies[0].Columns[c]], 1e-4);
        }

        var report = folder.File("report");
        Assert.Equal(0, await KgApp.RunAsync(["report", "--campaign", "folds", "--out", report, "--config", config]));
        var html = File.ReadAllText(Path.Combine(report, StudyReport.FileName));
        Assert.Contains("specialists ensemble, 2 folds, out of fold", html);
        Assert.Contains("all, 2 folds, out of fold", html);
    }

    [Fact]
    public async Task Flags_a_command_does_not_take_are_errors()
    {
        foreach (var args in new[]
        {
            new[] { "train", "--specialists", "--data", "x.csv", "--out", "somewhere" },
            ["train", "--data", "x.csv", "--campaign", "c"],
            ["campaign", "--data", "x.csv", "--split", "random"],
            ["train", "--data", "x.csv", "--model", "mlp"],
        })
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => KgApp.RunAsync(args));
            Assert.Contains("Unknown option", error.Message);
        }
        var retry = await Assert.ThrowsAsync<UsageException>(() => KgApp.RunAsync(["campaign", "--retry-failed"]));
        Assert.Contains("--campaign", retry.Message);
    }

    [Fact]
    public async Task Status_of_a_campaign_never_started_is_an_error_not_an_empty_table()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            KgApp.RunAsync(["status", "no-such-campaign", "--config", WriteConfiguration()]));
        Assert.Equal("No campaign 'no-such-campaign' has been started on this cluster.", error.Message);
    }

    /// <summary>A kg.json that keeps the embedded silo's state here (the silo picks free ports of its own).</summary>
    private string WriteConfiguration()
    {
        var path = folder.File("kg.json");
        File.WriteAllText(path, $$"""
            { "Storage": { "Directory": "{{folder.File("cluster").Replace("\\", "/")}}" } }
            """);
        return path;
    }

    private static ClusterSettings Settings(string config) =>
        ClusterSettings.From(new ConfigurationBuilder().AddJsonFile(config).Build());

    public void Dispose() => folder.Dispose();
}
