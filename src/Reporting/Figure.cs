using ScottPlot;

namespace KeypointGrains.Reporting;

/// <summary>A ScottPlot plot with the pixel size it is meant to be rendered at.</summary>
internal sealed record Figure(Plot Plot, int Width, int Height) : IDisposable
{
    public byte[] Png()
    {
        ReportFont.Apply(Plot);
        return Plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    public void Dispose() => Plot.Dispose();
}
