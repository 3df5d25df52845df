using ScottPlot;
using SkiaSharp;

namespace KeypointGrains.Reporting;

/// <summary>
/// The charts draw their text with a font that travels inside this assembly (DejaVu Sans, see Fonts/LICENSE.txt), never
/// with a system font: a headless server often has none installed, and SkiaSharp then draws no text at all.
/// </summary>
internal static class ReportFont
{
    public const string Family = "KeypointGrains Report Sans";

    private static readonly Lazy<SKTypeface> Typeface = new(() =>
    {
        using var font = typeof(ReportFont).Assembly.GetManifestResourceStream("Fonts/DejaVuSans.ttf")
            ?? throw new InvalidOperationException("The report font is missing from the Reporting assembly.");
        return SKTypeface.FromStream(font);
    });

    private static readonly Lazy<bool> Installed = new(() =>
    {
        Fonts.FontResolvers.Insert(0, new EmbeddedFontResolver());
        return true;
    });

    /// <summary>Every text of <paramref name="plot"/> (title, axis labels, ticks, legend) in the embedded font.</summary>
    public static void Apply(Plot plot)
    {
        _ = Installed.Value;
        plot.Font.Set(Family);
        plot.Legend.FontName = Family;
    }

    private sealed class EmbeddedFontResolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => fontName == Family ? Typeface.Value : null;

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
            fontName == Family ? Typeface.Value : null;
    }
}
