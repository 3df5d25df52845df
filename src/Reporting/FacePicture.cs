using KeypointGrains.Keypoints.Schema;
using ScottPlot;

namespace KeypointGrains.Reporting;

/// <summary>A 96x96 face drawn three times its size, optionally with true (green) and predicted (red) keypoints.</summary>
internal static class FacePicture
{
    public const int Scale = 3;
    public static readonly Color TruthColor = Color.FromHex("#00c000");
    public static readonly Color PredictionColor = Color.FromHex("#ff2020");

    public static Figure Of(float[] pixels)
    {
        const int side = KeypointSchema.ImageSize;
        if (pixels.Length != KeypointSchema.PixelCount)
            throw new ArgumentException($"A face has {KeypointSchema.PixelCount} pixels, not {pixels.Length}.", nameof(pixels));
        var plot = new Plot();
        var grey = new double[side, side];
        for (int row = 0; row < side; row++)
            for (int column = 0; column < side; column++)
                grey[row, column] = pixels[row * side + column];
        var heatmap = plot.Add.Heatmap(grey);
        heatmap.Colormap = new ScottPlot.Colormaps.Grayscale();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        // Cell centres on whole coordinates, as keypoint labels count pixels; row 0 at the top like the image.
        heatmap.Rectangle = new CoordinateRect(-0.5, side - 0.5, -0.5, side - 0.5);
        plot.Axes.InvertY();
        plot.Axes.SetLimits(-0.5, side - 0.5, side - 0.5, -0.5);
        plot.Layout.Frameless();
        plot.HideAxesAndGrid();
        return new Figure(plot, side * Scale, side * Scale);
    }

    public static Figure Of(FaceExample face)
    {
        var figure = Of(face.Pixels);
        Marks(figure.Plot, face.Truth, face.Columns, MarkerShape.FilledCircle, 7, TruthColor);
        Marks(figure.Plot, face.Predicted, face.Columns, MarkerShape.Cross, 11, PredictionColor);
        return figure;
    }

    /// <summary>One marker per keypoint whose x and y columns are both present and known.</summary>
    private static void Marks(Plot plot, float[] values, IReadOnlyList<int> columns, MarkerShape shape, float size, Color color)
    {
        var position = columns.Select((column, index) => (column, index)).ToDictionary(c => c.column, c => c.index);
        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var (column, x) in position)
        {
            if (column % 2 != 0 || !position.TryGetValue(column + 1, out var y)) continue;
            if (float.IsNaN(values[x]) || float.IsNaN(values[y])) continue;
            xs.Add(values[x]);
            ys.Add(values[y]);
        }
        var markers = plot.Add.Markers(xs.ToArray(), ys.ToArray(), shape, size, color);
        markers.MarkerLineWidth = 2;
    }
}
