using System.Diagnostics;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Training;

namespace KeypointGrains.Client.Chaos;

/// <summary>A silo killed every <see cref="KillEvery"/> and started again <see cref="RestartAfter"/> after its kill.</summary>
public sealed record ChaosSchedule(TimeSpan KillEvery, TimeSpan RestartAfter);

/// <summary>
/// One campaign trained to completion on a process cluster: its wall time, the faults made (silos killed, hosts cut), how
/// it ended, and the checkpoints its models' grains counted as stored over newer ones.
/// </summary>
public sealed record ChaosRun(TimeSpan Wall, int Kills, CampaignStatus Status, IReadOnlyList<EpochHistory> Histories, int OlderCheckpointWrites)
{
    public int EpochsRepeated => Status.Models.Sum(m => m.EpochsRepeated);

    /// <summary>The validation RMSE (px) of each model's best epoch: the weights the campaign serves.</summary>
    public IReadOnlyDictionary<string, double> BestRmse =>
        Status.Models.ToDictionary(m => m.Model, m => Histories.Single(h => h.Model == m.Model).Epochs
            .Where(e => e.Epoch == m.BestEpoch).Select(e => e.ValidationRmsePixels).DefaultIfEmpty(double.NaN).Last());
}

/// <summary>
/// Trains a campaign on silo processes, undisturbed or with silos killed in turn on a schedule, so that the two can be
/// compared: the kills survived, the epochs trained twice, the wall time lost and how far each model's RMSE moved.
/// </summary>
public static class ChaosBenchmark
{
    private static readonly TimeSpan StatusPeriod = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Trains <paramref name="plan"/> on the started <paramref name="silos"/> until it completes (the clock runs from the
    /// campaign's start) and, with a <paramref name="chaos"/> schedule, kills and restarts silos meanwhile.
    /// </summary>
    public static Task<ChaosRun> RunAsync(ProcessCluster silos, CampaignPlan plan, ChaosSchedule? chaos, TimeSpan limit,
        Action<string> progress, CancellationToken cancellation) =>
        RunWithFaultsAsync(silos, plan, chaos is null ? null : stop => KillInTurnAsync(silos, chaos, progress, stop), limit, progress, cancellation);

    /// <summary>
    /// Trains <paramref name="plan"/> until it completes while <paramref name="faults"/> (when given) runs beside it from
    /// the campaign's start; it is cancelled once the campaign completes and answers how many faults it made.
    /// </summary>
    public static async Task<ChaosRun> RunWithFaultsAsync(ProcessCluster silos, CampaignPlan plan, Func<CancellationToken, Task<int>>? faults,
        TimeSpan limit, Action<string> progress, CancellationToken cancellation)
    {
        await using var client = await silos.ConnectAsync();
        var campaigns = client.Campaigns();
        var clock = Stopwatch.StartNew();
        await campaigns.StartCampaign(plan);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var disturbance = faults is null ? Task.FromResult(0) : faults(stop.Token);
        CampaignStatus status;
        try
        {
            var completion = CompletionAsync(campaigns, plan.CampaignId, limit, progress, stop.Token);
            // Faults that fail (a cut that could not be made) say so now, not when the campaign's time limit runs out.
            if (await Task.WhenAny(completion, disturbance) == disturbance && disturbance.IsFaulted) await disturbance;
            status = await completion;
        }
        finally
        {
            await stop.CancelAsync();
        }
        int made = await disturbance;
        var wall = clock.Elapsed;
        var grains = await Task.WhenAll(status.Models.Select(m => Retrying(() =>
            client.Client.GetGrain<IModelTrainingGrain>(TrainingAssignment.TrainingGrainKey(plan.CampaignId, m.Model)).GetStatus(), cancellation)));
        return new ChaosRun(wall, made, status, await HistoriesAsync(campaigns, status, cancellation), grains.Sum(g => g.OlderCheckpointWrites));
    }

    /// <summary>Every model's whole history: the coordinator answers an empty one for a model whose grain it cannot reach yet.</summary>
    private static async Task<IReadOnlyList<EpochHistory>> HistoriesAsync(CampaignClient campaigns, CampaignStatus status, CancellationToken cancellation)
    {
        var giveUp = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            var histories = await Retrying(() => campaigns.GetHistory(status.CampaignId), cancellation);
            if (histories.All(h => h.Epochs.Count >= status.Models.Single(m => m.Model == h.Model).Epoch) || DateTime.UtcNow > giveUp)
                return histories;
            await Task.Delay(StatusPeriod, cancellation);
        }
    }

    /// <summary>key=value lines: kills, epochs repeated, the wall-time overhead and each model's RMSE difference.</summary>
    public static IReadOnlyList<(string Key, string Value)> Compare(ChaosRun calm, ChaosRun chaos)
    {
        static string F(double value) => value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        var differences = chaos.BestRmse.ToDictionary(r => r.Key, r => Math.Abs(r.Value - calm.BestRmse.GetValueOrDefault(r.Key, double.NaN)));
        return
        [
            ("kills", $"{chaos.Kills}"),
            ("epochs_repeated", $"{chaos.EpochsRepeated}"),
            ("calm_seconds", F(calm.Wall.TotalSeconds)),
            ("chaos_seconds", F(chaos.Wall.TotalSeconds)),
            ("overhead_percent", F(100 * (chaos.Wall / calm.Wall - 1))),
            ("rmse_difference_max_px", F(differences.Values.DefaultIfEmpty(double.NaN).Max())),
            .. differences.Select(d => ($"rmse_difference_px.{d.Key}", F(d.Value))),
        ];
    }

    /// <summary>Kills the cluster's silos in turn, each restarted after a pause, until <paramref name="stop"/>.</summary>
    private static async Task<int> KillInTurnAsync(ProcessCluster silos, ChaosSchedule chaos, Action<string> progress, CancellationToken stop)
    {
        int kills = 0;
        var next = DateTime.UtcNow + chaos.KillEvery;
        try
        {
            for (int turn = 0; ; turn++)
            {
                await DelayUntil(next, stop);
                int slot = turn % silos.Silos.Count;
                var address = silos.Silos[slot]?.Address;
                silos.Kill(slot);
                kills++;
                progress($"killed silo {slot} ({address})");
                next = DateTime.UtcNow + chaos.KillEvery;
                await DelayUntil(DateTime.UtcNow + chaos.RestartAfter, stop);
                var restarted = await silos.StartAsync(slot);
                progress($"restarted silo {slot} ({restarted.Address})");
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return kills;
        }
    }

    private static Task DelayUntil(DateTime when, CancellationToken stop) =>
        when > DateTime.UtcNow ? Task.Delay(when - DateTime.UtcNow, stop) : Task.CompletedTask;

    private static async Task<CampaignStatus> CompletionAsync(CampaignClient campaigns, string id, TimeSpan limit, Action<string> progress,
        CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + limit;
        int reported = -1;
        while (true)
        {
            var status = await Retrying(() => campaigns.GetStatus(id), cancellation);
            if (status.Phase == CampaignPhase.Completed) return status;
            int epochs = status.Models.Sum(m => m.Epoch);
            if (epochs != reported) progress($"{id}: {string.Join(", ", status.Models.Select(m => $"{m.Model}@{m.Epoch}"))}");
            reported = epochs;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Campaign {id} did not complete within {limit}: " +
                                           string.Join(", ", status.Models.Select(m => $"{m.Model} {m.Phase} epoch {m.Epoch}")));
            await Task.Delay(StatusPeriod, cancellation);
        }
    }

    /// <summary>Calls fail for a few seconds after a silo dies, until the cluster notices: they are asked again.</summary>
    internal static async Task<T> Retrying<T>(Func<Task<T>> call, CancellationToken cancellation)
    {
        var giveUp = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception error) when (error is OrleansException or TimeoutException && DateTime.UtcNow < giveUp)
            {
                await Task.Delay(StatusPeriod, cancellation);
            }
        }
    }
}
