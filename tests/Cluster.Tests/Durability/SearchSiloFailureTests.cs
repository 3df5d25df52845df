using KeypointGrains.Client.Commands;
using KeypointGrains.Client.Load;
using KeypointGrains.Client.Processes;
using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Keypoints.Tuning;
using Xunit.Abstractions;

namespace KeypointGrains.Cluster.Tests.Durability;

/// <summary>
/// A recipe search (kg tune's plan) on two silo processes sharing a storage folder, run once calmly and once with the
/// second silo killed while a trial trains on it: the search completes, each trial that was on the killed silo resumes
/// on the survivor having lost at most one rung's worth of epochs, and the best trial scores as the calm run's did.
/// </summary>
public class SearchSiloFailureTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    // One trial at a time, so that both runs reach the rungs in the same order and the halving decides the same.
    private static readonly TuneBudget Budget = new(Trials: 4, Seed: 3, MinEpochs: 1, MaxEpochs: 4, Reduction: 2, Images: 200, Parallel: 1);

    [SkippableFact]
    public async Task A_search_whose_silo_dies_completes_each_trial_losing_at_most_a_rung_and_finds_the_calm_runs_best()
    {
        using var folder = new TemporaryFolder();
        var data = TrainingSlice.Write(folder.Path, rows: 400);
        var settings = TestClusters.LocalSettings(folder.Path);
        settings.Device = "cpu";
        using var silos = await LocalSilos.StartAsync(Checkout.SiloHost(), settings, count: 2, Limit, FastFailureDetection.Arguments);
        await using var client = await ClusterConnection.ConnectAsync(silos.ClientSettings(settings));
        var campaigns = client.Campaigns();
        TuneSearch Search(string id) =>
            TuneSearch.Of(id, data, TrainingPresets.Quick, "mlp", SearchSpace.Parse(["lr=1e-5..3e-2", "batch=16,32"]), Budget);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var calm = Search("calm");
        await campaigns.StartCampaign(calm.Plan);
        var calmDone = await Until(campaigns, "calm", s => s.Phase == CampaignPhase.Completed);
        var calmBest = calm.Best(calmDone, await campaigns.GetHistory("calm"));

        output.WriteLine($"search_fault: calm_seconds={clock.Elapsed.TotalSeconds:F0}");
        // The second silo dies while a trial trains there past its first rung, with epochs of its budget left.
        var search = Search("faulted");
        var victim = silos.Addresses[1];
        await campaigns.StartCampaign(search.Plan);
        var atKill = await Until(campaigns, "faulted", s => s.Models.Any(m => m.Silo == victim && m.Phase == ModelPhase.Training
            && m.Epoch >= Budget.MinEpochs && m.Epoch < Budget.MaxEpochs));
        Assert.Equal(victim, silos.KillOne());
        var hit = atKill.Models.Where(m => m.Silo == victim && m.Phase == ModelPhase.Training).Select(m => m.Model).ToArray();
        var done = await Until(campaigns, "faulted", s => s.Phase == CampaignPhase.Completed);
        output.WriteLine($"search_fault: both_seconds={clock.Elapsed.TotalSeconds:F0}");

        Assert.All(done.Models, m => Assert.True(m.Phase.HasModel(), $"{m.Model}: {m.Phase} {m.Error}"));
        var histories = (await campaigns.GetHistory("faulted")).ToDictionary(h => h.Model, h => h.Epochs);
        // Those the kill caught mid-run (one that ended in the moment before it lost nothing).
        var resumed = hit.Where(trial => histories[trial].Any(e => e.Silo != victim)).ToArray();
        Assert.NotEmpty(resumed);
        foreach (var trial in resumed)
        {
            var model = done.Model(trial);
            var history = histories[trial];
            // Trained on after the kill by the survivor, from the last checkpoint the killed silo stored.
            Assert.Equal(Enumerable.Range(1, history.Count), history.Select(e => e.Epoch));
            int resumedFrom = history.First(e => e.Silo != victim).Epoch - 1;
            Assert.True(resumedFrom >= 1 && history.Take(resumedFrom).All(e => e.Silo == victim), $"{trial}: {Describe(history)}");
            Assert.NotEqual(victim, model.Silo);
            Assert.True(model.EpochsRepeated <= RungWidth(search, resumedFrom + 1),
                $"{trial} repeated {model.EpochsRepeated} epochs, resuming after epoch {resumedFrom}; rungs {string.Join(", ", search.Rungs)}");
            output.WriteLine($"search_fault: trial={trial} resumed_after_epoch={resumedFrom} epochs_repeated={model.EpochsRepeated} " +
                             $"rung_width={RungWidth(search, resumedFrom + 1)}");
        }

        var best = search.Best(done, histories.Select(h => new EpochHistory(h.Key, h.Value)).ToArray());
        Assert.NotNull(calmBest);
        Assert.NotNull(best);
        output.WriteLine($"search_fault: calm_best={calmBest} faulted_best={best}");
        Assert.InRange(best.Value.Rmse, 0.98 * calmBest.Value.Rmse, 1.02 * calmBest.Value.Rmse);
    }

    /// <summary>
    /// The epochs between the rungs (or the start, or the budget) around <paramref name="epoch"/>: what a checkpoint stored
    /// at every rung bounds a trial's loss by when its silo dies during that epoch.
    /// </summary>
    private static int RungWidth(TuneSearch search, int epoch)
    {
        int[] bounds = [0, .. search.Rungs, search.Budget.MaxEpochs];
        int next = Array.FindIndex(bounds, b => b >= epoch);
        return bounds[next] - bounds[next - 1];
    }

    private static string Describe(IReadOnlyList<Contracts.Training.EpochReport> history) =>
        string.Join(", ", history.Select(e => $"{e.Epoch}@{e.Silo}"));

    /// <summary>The campaign's status once <paramref name="until"/> holds; calls fail for a while after a silo dies, and are retried.</summary>
    private static Task<CampaignStatus> Until(CampaignClient campaigns, string campaign, Func<CampaignStatus, bool> until) =>
        Poll.Until(() => campaigns.GetStatus(campaign), until, Limit, Support.Campaigns.Describe,
            transient: error => error is OrleansException or TimeoutException);
}
