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
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("worst keypoints", "px", "best keypoints", "px", "worst images", "px", "best images", "px");
        for (int i = 0; i < Evaluator.Extremes; i++)
        {
            table.AddRow(
                Cell(report.WorstKeypoints, i, k => k.Keypoint), Cell(report.WorstKeypoints, i, k => k.RmsePixels.ToString("F2")),
                Cell(report.BestKeypoints, i, k => k.Keypoint), Cell(report.BestKeypoints, i, k => k.RmsePixels.ToString("F2")),
                Cell(report.WorstImages, i, m => $"#{m.ImageId}"), Cell(report.WorstImages, i, m => m.RmsePixels.ToString("F2")),
                Cell(report.BestImages, i, m => $"#{m.ImageId}"), Cell(report.BestImages, i, m => m.RmsePixels.ToString("F2")));
        }
        AnsiConsole.Write(table);
    }

    private static string Cell<T>(IReadOnlyList<T> items, int index, Func<T, string> text) =>
        index < items.Count ? Markup.Escape(text(items[index])) : "";
}
