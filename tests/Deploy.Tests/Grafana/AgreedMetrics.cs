using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using KeypointGrains.Contracts.Telemetry;

namespace KeypointGrains.Deploy.Tests.Grafana;

/// <summary>
/// The Prometheus names of our telemetry, read from the instruments the code creates (OpenTelemetry exporter naming:
/// dots to underscores, the unit appended, counters _total; a gauge also under its name without the unit, as an OTLP
/// collector exports it), plus the Orleans instruments the dashboard reads (Orleans's meter "Microsoft.Orleans":
/// orleans-catalog-activations, orleans-directory-ring-size). A dashboard name outside these is a typo or a metric
/// nobody emits.
/// </summary>
public static partial class AgreedMetrics
{
    private static readonly string[] OrleansInstruments = ["orleans_catalog_activations", "orleans_directory_ring_size"];

    private static readonly Dictionary<string, string> UnitSuffixes = new() { ["s"] = "seconds", ["ms"] = "milliseconds", ["By"] = "bytes" };

    private static readonly Lazy<(IReadOnlySet<string> Plain, IReadOnlySet<string> Histograms)> Names = new(ReadFromCode);

    public static IReadOnlySet<string> Plain => Names.Value.Plain;

    public static IReadOnlySet<string> Histograms => Names.Value.Histograms;

    public static bool IsAgreed(string name) =>
        Plain.Contains(name) || Histograms.Any(histogram =>
            name == histogram + "_bucket" || name == histogram + "_sum" || name == histogram + "_count");

    /// <summary>Our and Orleans's metric names in a PromQL expression (also inside a __name__ regex).</summary>
    public static IEnumerable<string> NamedIn(string expression) =>
        MetricName().Matches(expression).Select(match => match.Value).Distinct();

    private static (IReadOnlySet<string>, IReadOnlySet<string>) ReadFromCode()
    {
        _ = KeypointTelemetry.Metrics; // creates the instruments, which the listener then hears about
        var instruments = new List<Instrument>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == KeypointTelemetry.Name) instruments.Add(instrument);
            };
            listener.Start();
        }
        var plain = new HashSet<string>(OrleansInstruments);
        var histograms = new HashSet<string>();
        foreach (var instrument in instruments)
        {
            var name = instrument.Name.Replace('.', '_');
            var unit = instrument.Unit is { Length: > 0 } u ? UnitSuffixes.GetValueOrDefault(u, u) : null;
            var withUnit = unit is null || name.EndsWith("_" + unit, StringComparison.Ordinal) ? name : $"{name}_{unit}";
            var kind = instrument.GetType().GetGenericTypeDefinition();
            if (kind == typeof(Histogram<>)) histograms.Add(withUnit);
            else if (kind == typeof(Counter<>)) plain.Add(withUnit + "_total");
            else plain.UnionWith([withUnit, name]);
        }
        return (plain, histograms);
    }

    [GeneratedRegex(@"\b(?:kg|orleans)_[a-z0-9_]*[a-z0-9]")]
    private static partial Regex MetricName();
}
