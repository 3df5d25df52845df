using ScottPlot;

namespace KeypointGrains.Reporting;

/// <summary>
/// The cumulative error curve of photos: the share of photos whose NME is at most x, for the detector's framing and for
/// the true keypoints' framing, with the failure threshold marked. A photo whose face was not found never counts.
/// </summary>
internal static class CumulativeErrorChart
{
    private const double LastNme = 0.2;

    public static Figure Of(PhotoResults photos)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        Curve(plot, photos.Accuracy.DetectorNme, "face detector's framing", palette.GetColor(0));
        Curve(plot, photos.Accuracy.TrueFramingNme, "framing from the true keypoints", palette.GetColor(2));
        plot.Add.VerticalLine(Keypoints.Photos.PhotoScore.FailureThreshold, 1, Colors.Gray, LinePattern.Dotted).LegendText = "failure threshold";
        plot.Axes.SetLimits(0, LastNme, 0, 1);
        plot.Title($"Cumulative error on {photos.Accuracy.DetectorNme.Count} photos");
        plot.XLabel("NME (mean point error / outer eye corner distance)", 14);
        plot.YLabel("share of photos at or below", 14);
        plot.ShowLegend(Alignment.LowerRight);
        return new Figure(plot, 720, 420);
    }

    private static void Curve(Plot plot, IReadOnlyList<double> nmes, string label, Color color)
    {
        var sorted = nmes.Where(e => e <= LastNme).Order().ToArray();
        // A step up of 1/N at each photo's error.
        var xs = new List<double> { 0 };
        var ys = new List<double> { 0 };
        for (int i = 0; i < sorted.Length; i++)
        {
            xs.Add(sorted[i]);
            ys.Add((double)i / nmes.Count);
            xs.Add(sorted[i]);
            ys.Add((double)(i + 1) / nmes.Count);
        }
        xs.Add(LastNme);
        ys.Add(ys[^1]);
        var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), color);
        line.LegendText = label;
        line.LineWidth = 2;
    }
}
