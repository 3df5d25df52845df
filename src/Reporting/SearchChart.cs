using System.Globalization;
using KeypointGrains.Keypoints.Tuning;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace KeypointGrains.Reporting;

/// <summary>
/// A search's best validation RMSE of each trial against its value of one parameter: a log x-axis for a parameter drawn
/// log-uniformly (rates, decays), one column per choice otherwise. Trials stopped at a rung and those that trained on
/// are told apart.
/// </summary>
internal static class SearchChart
{
    private static readonly Color TrainedOnColor = new ScottPlot.Palettes.Category10().GetColor(0);
    private static readonly Color StoppedColor = new ScottPlot.Palettes.Category10().GetColor(1);

    public static Figure Of(SearchResults search, string parameter)
    {
        var plot = new Plot();
        var trials = search.Trials.Where(t => double.IsFinite(t.BestRmsePixels) && t.Value(parameter) is not null).ToArray();
        bool continuous = TunableParameter.All.Any(p => p.Name == parameter && p.IsContinuous);
        string[] choices = continuous ? [] : Choices(trials.Select(t => t.Value(parameter)!));
        // The trials of one choice spread a little across its column, so that equal scores stay apart.
        var spread = trials.GroupBy(t => t.Value(parameter)).SelectMany(g => g.Select((t, i) => (t.Name, Offset: g.Count() == 1 ? 0 : 0.3 * i / (g.Count() - 1) - 0.15)))
            .ToDictionary(t => t.Name, t => t.Offset);
        double X(SearchTrial trial) => continuous
            ? LogAxis.Log(double.Parse(trial.Value(parameter)!, NumberStyles.Float, CultureInfo.InvariantCulture))
            : Array.IndexOf(choices, trial.Value(parameter)) + spread[trial.Name];

        foreach (var (stopped, label, color) in new[] { (false, "trained on", TrainedOnColor), (true, "stopped at a rung", StoppedColor) })
        {
            var group = trials.Where(t => t.StoppedAtRung == stopped).ToArray();
            if (group.Length == 0) continue;
            var points = plot.Add.Scatter(group.Select(X).ToArray(), group.Select(t => t.BestRmsePixels).ToArray(), color);
            points.LineWidth = 0;
            points.MarkerSize = 8;
            points.LegendText = label;
        }

        if (continuous && trials.Length > 0)
        {
            var values = trials.Select(X).Select(v => Math.Pow(10, v)).ToArray();
            LogAxis.ApplyToBottom(plot, values.Min(), values.Max());
        }
        else if (!continuous)
        {
            var ticks = new NumericManual();
            for (int i = 0; i < choices.Length; i++) ticks.AddMajor(i, choices[i]);
            plot.Axes.Bottom.TickGenerator = ticks;
            plot.Axes.SetLimitsX(-0.5, Math.Max(choices.Length, 1) - 0.5);
        }
        plot.Title($"Best validation RMSE against {parameter}");
        plot.XLabel(continuous ? $"{parameter} (log scale)" : parameter, 14);
        plot.YLabel("best validation RMSE px", 14);
        // Beside the plot, where it hides no trial.
        plot.ShowLegend(Edge.Right);
        return new Figure(plot, 600, 320);
    }

    /// <summary>The distinct values, by number when all are numbers (batch sizes), else alphabetically.</summary>
    private static string[] Choices(IEnumerable<string> values)
    {
        var distinct = values.Distinct().ToArray();
        return distinct.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            ? [.. distinct.OrderBy(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture))]
            : [.. distinct.Order(StringComparer.Ordinal)];
    }
}
