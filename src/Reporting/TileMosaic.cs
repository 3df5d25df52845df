using ScottPlot;

namespace KeypointGrains.Reporting;

/// <summary>
/// Many small grey images (filters, activation maps) in one grid picture, each scaled to its own range so a weak
/// filter is as readable as a strong one.
/// </summary>
internal static class TileMosaic
{
    public const int MaxColumns = 8;

    /// <param name="values">count × height × width values, image after image, row-major.</param>
    /// <param name="tilePixels">rendered width of one tile.</param>
    public static Figure Of(float[] values, int count, int height, int width, int tilePixels)
    {
        if (values.Length != count * height * width)
            throw new ArgumentException($"Expected {count}×{height}×{width} values, got {values.Length}.", nameof(values));
        int columns = Math.Min(count, MaxColumns);
        int rows = (count + columns - 1) / columns;
        double gap = Math.Max(1, width / 8.0);
        var plot = new Plot();
        for (int tile = 0; tile < count; tile++)
        {
            var cells = new double[height, width];
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                    cells[y, x] = values[(tile * height + y) * width + x];
            var heatmap = plot.Add.Heatmap(cells);
            heatmap.Colormap = new ScottPlot.Colormaps.Grayscale();
            double min = cells.Cast<double>().Min(), max = cells.Cast<double>().Max();
            // A dead (all-zero) map has no range of its own: draw it black rather than undefined.
            heatmap.ManualRange = max > min ? new ScottPlot.Range(min, max) : new ScottPlot.Range(min, min + 1);
            double left = tile % columns * (width + gap), top = tile / columns * (height + gap);
            heatmap.Rectangle = new CoordinateRect(left, left + width, top, top + height);
        }
        double right = columns * (width + gap) - gap, bottom = rows * (height + gap) - gap;
        plot.Axes.InvertY();
        plot.Axes.SetLimits(0, right, bottom, 0);
        // A tint no grey tile can have, so tiles with white edges stay apart.
        plot.DataBackground.Color = Color.FromHex("#c9dcf0");
        plot.FigureBackground.Color = plot.DataBackground.Color;
        plot.Layout.Frameless();
        plot.HideAxesAndGrid();
        double pixelsPerUnit = (double)tilePixels / width;
        return new Figure(plot, (int)Math.Round(right * pixelsPerUnit), (int)Math.Round(bottom * pixelsPerUnit));
    }
}
