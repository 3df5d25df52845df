using ScottPlot;

namespace KeypointGrains.Reporting;

/// <summary>Training and validation loss per epoch on a log axis: one model, or the validation curves of all.</summary>
internal static class LearningCurveChart
{
    private static readonly Color TrainColor = new ScottPlot.Palettes.Category10().GetColor(0);
    private static readonly Color ValidationColor = new ScottPlot.Palettes.Category10().GetColor(1);

    public static Figure Of(ModelResult model)
    {
        var plot = new Plot();
        var epochs = model.History.Select(e => (double)e.Epoch).ToArray();
        Curve(plot, epochs, model.History.Select(e => e.TrainLoss), "train", TrainColor);
        Curve(plot, epochs, model.History.Select(e => e.ValidationLoss), "validation", ValidationColor);
        var best = model.History.MinBy(e => e.ValidationLoss)!;
        plot.Add.VerticalLine(best.Epoch, 1, Colors.Gray, LinePattern.Dotted).LegendText = $"best epoch {best.Epoch}";
        Decorate(plot, model.Name, model.History.SelectMany(e => new[] { e.TrainLoss, e.ValidationLoss }));
        plot.ShowLegend(Alignment.UpperRight);
        return new Figure(plot, 480, 320);
    }

    public static Figure Overview(IReadOnlyList<ModelResult> models)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category20();
        for (int i = 0; i < models.Count; i++)
            Curve(plot, models[i].History.Select(e => (double)e.Epoch).ToArray(),
                models[i].History.Select(e => e.ValidationLoss), models[i].Name, palette.GetColor(i));
        Decorate(plot, "Validation loss of every model", models.SelectMany(m => m.History.Select(e => e.ValidationLoss)));
        plot.ShowLegend(Edge.Right);
        return new Figure(plot, 960, 480);
    }

    private static void Curve(Plot plot, double[] epochs, IEnumerable<double> losses, string label, Color color)
    {
        var logs = losses.Select(LogAxis.Log).ToArray();
        var kept = Enumerable.Range(0, epochs.Length).Where(i => !double.IsNaN(logs[i])).ToArray();
        var line = plot.Add.ScatterLine(kept.Select(i => epochs[i]).ToArray(), kept.Select(i => logs[i]).ToArray(), color);
        line.LegendText = label;
        line.LineWidth = 1.5f;
        // Short runs (a smoke test's two epochs) would otherwise be hard to see.
        line.MarkerSize = epochs.Length <= 20 ? 5 : 0;
    }

    private static void Decorate(Plot plot, string title, IEnumerable<double> losses)
    {
        var positive = losses.Where(v => v > 0 && double.IsFinite(v)).ToArray();
        if (positive.Length > 0) LogAxis.ApplyToLeft(plot, positive.Min(), positive.Max());
        plot.Title(title);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.XLabel("epoch", 14);
        plot.YLabel("MSE (log scale)", 14);
    }
}
