using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Hosting;
using KeypointGrains.Keypoints.Tuning;
using Microsoft.Extensions.Configuration;

namespace KeypointGrains.Client.Tests;

/// <summary>kg tune on the embedded silo: trials as a campaign, the weak stopped at rungs, the best written as a preset file.</summary>
[Collection(KgConsoleCollection.Name)]
public class KgTuneTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    [SkippableFact]
    public async Task A_search_trains_its_trials_stops_the_weak_at_rungs_and_writes_the_best_that_trained_its_budget()
    {
        var slice = TrainingSlice.Write(folder.Path, rows: 300);
        var config = folder.File("kg.json");
        File.WriteAllText(config, $$"""{ "Storage": { "Directory": "{{folder.File("cluster").Replace("\\", "/")}}" } }""");
        var best = folder.File("best.json");
        // Rates three orders of magnitude apart: some trials fall behind at the rungs (epochs 1 and 2 of 4).
        Assert.Equal(0, await KgApp.RunAsync(["tune", "--data", slice, "--network", "mlp", "--trials", "5", "--min-epochs", "1",
            "--max-epochs", "4", "--reduction", "2", "--images", "120", "--parallel", "3", "--space", "lr=1e-5..3e-2", "--seed", "3",
            "--campaign", "search", "--preset-out", best, "--config", config]));

        await using var cluster = await EmbeddedCluster.OpenAsync(ClusterSettings.From(new ConfigurationBuilder().AddJsonFile(config).Build()));
        var campaigns = cluster.Campaigns();
        var plan = await campaigns.GetPlan("search");
        var status = await campaigns.GetStatus("search");
        Assert.Equal((new SuccessiveHalving(1, 2), 3), (plan.Halving, plan.MaxTrainingModels));
        Assert.Equal(5, plan.Models.Count);
        Assert.Equal(5, plan.Models.Select(m => m.Recipe.LearningRateStart).Distinct().Count());
        Assert.Equal(CampaignPhase.Completed, status.Phase);
        // Every trial trained its budget, or was stopped at a rung: by the halving, after the rung's epoch.
        Assert.All(status.Models, m => Assert.True(
            m.Phase == ModelPhase.Finished && m.Epoch == 4 || m.Phase == ModelPhase.EarlyStopped && m.Epoch < 4, $"{m.Model}: {m.Phase} at epoch {m.Epoch}"));

        var file = PresetFile.Read(best);
        var preset = file.Resolve();
        Assert.Equal(("mlp", 4), (file.Network, file.Epochs));
        var winner = status.Models.Single(m => file.Origin!.Contains(m.Model + " "));
        Assert.Equal(ModelPhase.Finished, winner.Phase);
        Assert.Equal(plan.Model(winner.Model).Recipe.LearningRateStart, preset.Recipe.LearningRateStart, 1e-6);
        var histories = await campaigns.GetHistory("search");
        double Best(string model) => histories.Single(h => h.Model == model).Epochs.Min(e => e.ValidationRmsePixels);
        Assert.All(status.Models.Where(m => m.Phase == ModelPhase.Finished), m => Assert.True(Best(winner.Model) <= Best(m.Model)));
    }

    public void Dispose() => folder.Dispose();
}
