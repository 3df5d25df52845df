using System.Text.RegularExpressions;

namespace KeypointGrains.Deploy.Tests.Grafana;

/// <summary>
/// The Prometheus names of the agreed telemetry (OpenTelemetry exporter naming: dots to underscores, unit suffix,
/// counters _total), plus the Orleans instruments the dashboard reads (Orleans's meter "Microsoft.Orleans":
/// orleans-catalog-activations, orleans-directory-ring-size). A dashboard name outside this list is a typo or
/// a metric nobody emits.
/// </summary>
public static partial class AgreedMetrics
{
    public static readonly IReadOnlySet<string> Plain = new HashSet<string>
    {
        "kg_training_epoch", "kg_training_loss", "kg_training_validation_loss",
        "kg_training_validation_rmse_px", "kg_training_validation_rmse", "kg_training_images_per_second",
        "kg_training_checkpoint_bytes_total", "kg_training_early_stops_total",
        "kg_inference_faces_total", "kg_inference_degraded_merges_total", "kg_inference_errors_total",
        "orleans_catalog_activations", "orleans_directory_ring_size",
    };

    public static readonly IReadOnlySet<string> Histograms = new HashSet<string>
    {
        "kg_training_epoch_duration_seconds", "kg_training_checkpoint_duration_seconds",
        "kg_inference_request_duration_milliseconds", "kg_inference_batch_faces", "kg_inference_queue_duration_milliseconds",
    };

    public static bool IsAgreed(string name) =>
        Plain.Contains(name) || Histograms.Any(histogram =>
            name == histogram + "_bucket" || name == histogram + "_sum" || name == histogram + "_count");

    /// <summary>Our and Orleans's metric names in a PromQL expression (also inside a __name__ regex).</summary>
    public static IEnumerable<string> NamedIn(string expression) =>
        MetricName().Matches(expression).Select(match => match.Value).Distinct();

    [GeneratedRegex(@"\b(?:kg|orleans)_[a-z0-9_]*[a-z0-9]")]
    private static partial Regex MetricName();
}
