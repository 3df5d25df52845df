using Microsoft.Extensions.Configuration;

namespace KeypointGrains.ClusterClient.Telemetry;

/// <summary>
/// Which OpenTelemetry exporters a silo or client uses (Telemetry:Exporters, a list: KG_Telemetry__Exporters__0=otlp,
/// or one comma-separated value) and where OTLP goes (Telemetry:OtlpEndpoint). No exporter: no OpenTelemetry at all.
/// </summary>
public sealed class TelemetrySettings
{
    public const string Otlp = "otlp";
    public const string Prometheus = "prometheus";
    public const string Console = "console";
    private static readonly string[] Known = [Otlp, Prometheus, Console];

    public IReadOnlyList<string> Exporters { get; init; } = [];

    /// <summary>e.g. http://otel-collector:4317; unset: the exporter's default (OTEL_EXPORTER_OTLP_ENDPOINT or localhost).</summary>
    public string? OtlpEndpoint { get; init; }

    public bool Enabled => Exporters.Count > 0;

    /// <summary>Spans only go somewhere through OTLP or the console; Prometheus takes metrics only.</summary>
    public bool Tracing => Uses(Otlp) || Uses(Console);

    public bool Uses(string exporter) => Exporters.Contains(exporter);

    public static TelemetrySettings From(IConfiguration telemetry)
    {
        var list = telemetry.GetSection(nameof(Exporters));
        var entries = new[] { list.Value }.Concat(list.GetChildren().Select(c => c.Value));
        var exporters = entries
            .SelectMany(e => (e ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(e => e.ToLowerInvariant())
            .Distinct()
            .ToArray();
        var unknown = exporters.Except(Known).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException(
                $"Telemetry:Exporters names {string.Join(", ", unknown.Select(u => $"'{u}'"))}; use {string.Join(", ", Known)}.");
        var endpoint = telemetry["OtlpEndpoint"];
        if (endpoint is { Length: > 0 } && !Uri.TryCreate(endpoint, UriKind.Absolute, out _))
            throw new ArgumentException($"Telemetry:OtlpEndpoint '{endpoint}' is not an absolute URI (e.g. http://otel-collector:4317).");
        return new TelemetrySettings { Exporters = exporters, OtlpEndpoint = string.IsNullOrWhiteSpace(endpoint) ? null : endpoint };
    }
}
