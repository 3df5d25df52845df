using System.Globalization;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Keypoints.Training;
using Spectre.Console;

namespace KeypointGrains.Client.Commands;

/// <summary>A campaign's models as one table (where each trains, how far it got, how good its best epoch was), and its recipes.</summary>
public static class CampaignPrinter
{
    public static void Print(CampaignStatus status, CampaignPlan? plan = null) => AnsiConsole.Write(Table(status, plan));

    /// <summary>
    /// The models' table; a search's (kg tune) is its leaderboard: each trial's values, best first, with the rungs'
    /// stops shown as such.
    /// </summary>
    public static Table Table(CampaignStatus status, CampaignPlan? plan = null)
    {
        bool search = plan?.Halving is not null;
        var table = new Table().Border(TableBorder.Rounded)
            .Title(search ? $"{status.CampaignId}: {status.Phase}, a search" : $"{status.CampaignId}: {status.Phase}, ensemble v{status.ManifestVersion}")
            .AddColumns(search ? "trial" : "model", "state", "epoch", "best", "RMSE px", "s/ep", "img/s", "where");
        if (search) table.AddColumn("values");
        var models = search ? status.Models.OrderBy(m => m.BestEpoch > 0 ? m.BestValidationLoss : double.MaxValue) : status.Models.AsEnumerable();
        foreach (var m in models)
        {
            string[] cells = [m.Model, Markup.Escape(search ? TrialState(m) : State(m)), m.Epoch.ToString(),
                m.BestEpoch.ToString(), m.BestEpoch > 0 ? Rmse(m.BestValidationLoss).ToString("F2") : "",
                m.SecondsPerEpoch.ToString("F1"), m.ImagesPerSecond.ToString("F0"), Markup.Escape($"{Endpoint(m.Silo)} {m.Device}")];
            table.AddRow(search ? [.. cells, Markup.Escape(string.Join(" ", plan!.Model(m.Model).Values))] : cells);
        }
        return table;
    }

    /// <summary>One line per distinct recipe, naming the models that train with it: what the grains execute, as planned.</summary>
    public static void PrintRecipes(CampaignPlan plan)
    {
        foreach (var group in plan.Models.GroupBy(m => m.Recipe))
        {
            var r = group.Key;
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{r.Network}, {r.Optimizer} {r.Schedule} lr {r.LearningRateStart:G3}→{r.LearningRateEnd:G3}, batch {r.BatchSize}, " +
                $"up to {r.MaxEpochs} epochs (patience {r.Patience}), seed {r.Seed}, " +
                $"{(r.AllRows ? "all rows" : "complete rows")}{(r.MaxTrainingFaces > 0 ? $" (first {r.MaxTrainingFaces})" : "")}, " +
                $"augment {(r.Augmentations.Count == 0 ? "none" : string.Join(",", r.Augmentations))}" +
                $"{(r.FlipHalfOfEachBatch ? ", mirrors half of each batch" : "")}{(r.FlipAveraging ? ", averages with the mirrored face" : "")}");
            AnsiConsole.MarkupLineInterpolated($"  [grey]{string.Join(", ", group.Select(m => m.Name))}:[/] {line}");
        }
        if (plan.Models.FirstOrDefault(m => m.StartsFrom is not null) is { } dependent)
            AnsiConsole.MarkupLineInterpolated($"  The specialists wait for {dependent.StartsFrom} and start from its best weights.");
    }

    private static double Rmse(double loss) => Math.Sqrt(Math.Max(0, loss)) * TargetScaling.HalfRange;

    /// <summary>A search's trial in words: an early stop is the halving's (its patience is its whole budget).</summary>
    public static string TrialState(ModelStatus m) => m.Phase == ModelPhase.EarlyStopped ? "stopped at a rung" : State(m);

    /// <summary>One line: a failed model's reason (its trace is in the silo's log), or what a pending one waits for.</summary>
    private static string State(ModelStatus m) =>
        m.Error is not null ? $"{m.Phase}: {m.Error.Split('\n', 2)[0]}" : m.WaitsFor is not null ? $"{m.Phase} (waits for {m.WaitsFor})" : m.Phase.ToString();

    /// <summary>"S127.0.0.1:11111:154816169" → "127.0.0.1:11111": the generation number says nothing to a reader.</summary>
    private static string Endpoint(string silo) =>
        silo.TrimStart('S').Split(':') is { Length: >= 2 } parts ? $"{parts[0]}:{parts[1]}" : silo;
}
