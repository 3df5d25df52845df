using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace KeypointGrains.Reporting;

/// <summary>
/// A log10 axis (y, or x). ScottPlot 5 axes are linear, so values are plotted as their log10 and the ticks are placed and
/// labelled at round values (1, 2, 5 × 10^k, or decades alone when the range spans several).
/// </summary>
internal static class LogAxis
{
    /// <summary>log10 of each value; non-positive or non-finite values have no place on a log axis (NaN).</summary>
    public static double Log(double value) => value > 0 && double.IsFinite(value) ? Math.Log10(value) : double.NaN;

    public static void ApplyToLeft(Plot plot, double smallest, double largest)
    {
        var (ticks, low, high) = Ticks(smallest, largest);
        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.SetLimitsY(low, high);
    }

    public static void ApplyToBottom(Plot plot, double smallest, double largest)
    {
        var (ticks, low, high) = Ticks(smallest, largest);
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.SetLimitsX(low, high);
    }

    /// <summary>Round ticks over [<paramref name="smallest"/>, <paramref name="largest"/>] padded by 5 %, and the padded limits (log10).</summary>
    private static (NumericManual Ticks, double Low, double High) Ticks(double smallest, double largest)
    {
        double low = Math.Log10(smallest), high = Math.Log10(largest);
        double padding = 0.05 * Math.Max(high - low, 0.2);
        low -= padding;
        high += padding;
        double[] majors = (high - low) switch
        {
            > 3 => [1],
            > 1 => [1, 2, 5],
            _ => [1, 2, 3, 5, 7],
        };
        var ticks = new NumericManual();
        for (int decade = (int)Math.Floor(low); decade <= (int)Math.Ceiling(high); decade++)
            for (int multiple = 1; multiple <= 9; multiple++)
            {
                double value = multiple * Math.Pow(10, decade);
                double position = Math.Log10(value);
                if (position < low || position > high) continue;
                if (majors.Contains(multiple)) ticks.AddMajor(position, Label(multiple, decade));
                else ticks.AddMinor(position);
            }
        return (ticks, low, high);
    }

    /// <summary>0.001 … 1000 written out; beyond that "2e-5", "1e6", which stay short and exact.</summary>
    private static string Label(int multiple, int decade) => decade is >= -3 and <= 3
        ? (multiple * Math.Pow(10, decade)).ToString("0.###", CultureInfo.InvariantCulture)
        : $"{multiple}e{decade}";
}
