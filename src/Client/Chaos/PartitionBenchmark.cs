using System.Diagnostics;
using System.Globalization;
using KeypointGrains.Client.Hosts;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;

namespace KeypointGrains.Client.Chaos;

/// <summary>A campaign trained on namespaced hosts with one host cut mid-training (if it came to that) and the fencing it met.</summary>
public sealed record PartitionRun(ChaosRun Run, HostCutOutcome? Cut, int WritesRefused, int DuplicateActivations)
{
    /// <summary>key=value figures of the run: the cut, the models moved and how fast, and what one writer per model refused.</summary>
    public IReadOnlyList<(string Key, string Value)> Figures =>
    [
        ("cuts", $"{Run.Kills}"),
        ("cut_link", Cut?.Fault.Name ?? "none"),
        ("cut_models", $"{Cut?.OnCutHost.Count ?? 0}"),
        ("moved_models", $"{Cut?.Moved.Count ?? 0}"),
        ("failover_s_max", F(Cut?.Moved.Values.Select(t => t.TotalSeconds).DefaultIfEmpty(0).Max() ?? 0)),
        ("epochs_repeated_max", $"{Run.Status.Models.Select(m => m.EpochsRepeated).DefaultIfEmpty(0).Max()}"),
        ("writes_refused", $"{WritesRefused}"),
        ("duplicate_activations", $"{DuplicateActivations}"),
        ("older_checkpoint_writes", $"{Run.OlderCheckpointWrites}"),
    ];

    internal static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>
/// Trains a campaign on <see cref="HostCluster"/> hosts while one host's link is cut or slowed (<see cref="HostCut"/>) and
/// healed, so that a run can be compared with a calm one of the same plan: kg bench chaos --partition and the partition tests.
/// </summary>
public static class PartitionBenchmark
{
    /// <summary>
    /// Trains <paramref name="plan"/> to completion, putting <paramref name="fault"/> on a host for <paramref name="cutFor"/>
    /// once <paramref name="cutWhen"/> holds (never, with a null fault); <paramref name="afterHeal"/> runs once healed (e.g.
    /// to stop a campaign whose epoch budget is open-ended).
    /// </summary>
    public static async Task<PartitionRun> RunAsync(HostCluster cluster, CampaignPlan plan, HostFault? fault, Func<CampaignStatus, bool> cutWhen,
        TimeSpan cutFor, TimeSpan limit, Action<string> progress, CancellationToken cancellation,
        Func<CampaignClient, CancellationToken, Task>? afterHeal = null, string? model = null)
    {
        HostCutOutcome? cut = null;
        Func<CancellationToken, Task<int>>? faults = fault is null ? null : async stop =>
        {
            try
            {
                cut = await HostCut.RunAsync(cluster, plan.CampaignId, fault, cutWhen, cutFor, progress, stop, model);
                if (afterHeal is not null) await afterHeal(cluster.Campaigns, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The campaign completed first.
            }
            return cut is null ? 0 : 1;
        };
        var run = await ChaosBenchmark.RunWithFaultsAsync(cluster.Silos, plan, faults, limit, progress, cancellation);
        var (refused, duplicates) = cluster.Fencing(plan.CampaignId);
        return new PartitionRun(run, cut, refused, duplicates);
    }

    /// <summary>The cut run's figures, and how far each model's served RMSE moved from the calm run's.</summary>
    public static IReadOnlyList<(string Key, string Value)> Compare(PartitionRun calm, PartitionRun cut)
    {
        var differences = cut.Run.BestRmse.ToDictionary(r => r.Key, r => Math.Abs(r.Value - calm.Run.BestRmse.GetValueOrDefault(r.Key, double.NaN)));
        return
        [
            .. cut.Figures,
            ("rmse_diff_max_px", PartitionRun.F(differences.Values.DefaultIfEmpty(double.NaN).Max())),
            .. differences.Select(d => ($"rmse_diff_px.{d.Key}", PartitionRun.F(d.Value))),
            ("calm_seconds", PartitionRun.F(calm.Run.Wall.TotalSeconds)),
            ("cut_seconds", PartitionRun.F(cut.Run.Wall.TotalSeconds)),
        ];
    }

    /// <summary>A condition that holds <paramref name="after"/> its first test (the campaign's start) while some model trains.</summary>
    public static Func<CampaignStatus, bool> After(TimeSpan after)
    {
        Stopwatch? clock = null;
        return status => (clock ??= Stopwatch.StartNew()).Elapsed >= after && status.Models.Any(m => m.Phase == ModelPhase.Training);
    }
}
