using KeypointGrains.Keypoints.Evaluation;
using Spectre.Console;

namespace KeypointGrains.Client.Commands;

/// <summary>Prints an evaluation as the seed reported it: overall RMSE, then the 4 worst and best keypoints and images.</summary>
public static class EvaluationPrinter
{
    public static void Print(EvaluationReport report, string what)
    {
        AnsiConsole.MarkupLineInterpolated(
            $"[bold]{report.Network}[/] on {what}: RMSE [bold]{report.RmsePixels:F3} px[/] over {report.Values} values of {report.Images} faces");
        AnsiConsole.Write(Extremes("keypoint", report.WorstKeypoints.Select(k => (k.Keypoint, k.RmsePixels)).ToArray(),
            report.BestKeypoints.Select(k => (k.Keypoint, k.RmsePixels)).ToArray()));
        AnsiConsole.Write(Extremes("image", report.WorstImages.Select(m => ($"#{m.ImageId}", m.RmsePixels)).ToArray(),
            report.BestImages.Select(m => ($"#{m.ImageId}", m.RmsePixels)).ToArray()));
    }

    private static Table Extremes(string what, (string Name, double Pixels)[] worst, (string Name, double Pixels)[] best)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns($"worst {what}s", "px", $"best {what}s", "px");
        for (int i = 0; i < Math.Max(worst.Length, best.Length); i++)
            table.AddRow(Cell(worst, i, w => w.Name), Cell(worst, i, w => w.Pixels.ToString("F2")),
                         Cell(best, i, b => b.Name), Cell(best, i, b => b.Pixels.ToString("F2")));
        return table;
    }

    private static string Cell<T>(IReadOnlyList<T> items, int index, Func<T, string> text) =>
        index < items.Count ? Markup.Escape(text(items[index])) : "";
}
