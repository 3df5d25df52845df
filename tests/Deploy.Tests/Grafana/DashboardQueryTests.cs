using System.Text;
using System.Text.Json;
using KeypointGrains.Deploy.Tests.Tools;

namespace KeypointGrains.Deploy.Tests.Grafana;

/// <summary>
/// The dashboard's queries run by Prometheus's own engine (promtool) against synthetic series named as the Silo
/// exports them, so a panel that parses but shows the wrong thing fails here.
/// </summary>
public sealed class DashboardQueryTests : IDisposable
{
    private readonly ExternalTool? promtool = ExternalTool.Find("promtool");
    private readonly string folder = Directory.CreateTempSubdirectory("kg-promtool-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [SkippableFact]
    public void Promtool_parses_every_dashboard_query()
    {
        SkipWithoutPromtool();
        var rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        var index = 0;
        foreach (var query in GrafanaDashboard.Shipped.Queries)
            rules.Append($"      - record: dashboard:query_{++index}\n        expr: {JsonSerializer.Serialize(GrafanaDashboard.AsSent(query.Expression))}\n");

        var (exitCode, output) = Promtool("check", "rules", Write("dashboard-rules.yml", rules.ToString()));

        Assert.True(exitCode == 0, output);
        Assert.Contains($"SUCCESS: {index} rules found", output);
    }

    [SkippableFact]
    public void Dashboard_queries_give_the_expected_values_on_synthetic_series()
    {
        SkipWithoutPromtool();
        var test = new StringBuilder("""
            tests:
              - interval: 1m
                input_series:
                  # RMSE under both names the exporter may use (with and without the px unit suffix).
                  - series: 'kg_training_validation_rmse_px{job="kg-silo",instance="silo1:8081",campaign="c1",model="nose-tip"}'
                    values: '3.5x10'
                  - series: 'kg_training_validation_rmse{job="kg-silo",instance="silo2:8082",campaign="c1",model="eyebrows"}'
                    values: '2.25x10'
                  # Two epochs of 60 s each per minute on one model.
                  - series: 'kg_training_epoch_duration_seconds_sum{job="kg-silo",instance="silo1:8081",campaign="c1",model="baseline"}'
                    values: '0+120x10'
                  - series: 'kg_training_epoch_duration_seconds_count{job="kg-silo",instance="silo1:8081",campaign="c1",model="baseline"}'
                    values: '0+2x10'
                  # Single-face latency from two silos, 100 requests/s in all: half within 2 ms, all within 5 ms.
                  - series: 'kg_inference_request_duration_milliseconds_bucket{job="kg-silo",instance="silo1:8081",kind="single",le="1"}'
                    values: '0x10'
                  - series: 'kg_inference_request_duration_milliseconds_bucket{job="kg-silo",instance="silo1:8081",kind="single",le="2"}'
                    values: '0+1500x10'
                  - series: 'kg_inference_request_duration_milliseconds_bucket{job="kg-silo",instance="silo1:8081",kind="single",le="5"}'
                    values: '0+3000x10'
                  - series: 'kg_inference_request_duration_milliseconds_bucket{job="kg-silo",instance="silo1:8081",kind="single",le="+Inf"}'
                    values: '0+3000x10'
                  - series: 'kg_inference_request_duration_milliseconds_bucket{job="kg-silo",instance="silo2:8082",kind="single",le="1"}'
                    values: '0x10'
                  - series: 'kg_inference_request_duration_milliseconds_bucket{job="kg-silo",instance="silo2:8082",kind="single",le="2"}'
                    values: '0+1500x10'
                  - series: 'kg_inference_request_duration_milliseconds_bucket{job="kg-silo",instance="silo2:8082",kind="single",le="5"}'
                    values: '0+3000x10'
                  - series: 'kg_inference_request_duration_milliseconds_bucket{job="kg-silo",instance="silo2:8082",kind="single",le="+Inf"}'
                    values: '0+3000x10'
                  # 600 faces a minute; the collector's copy of the same counter must not be counted twice.
                  - series: 'kg_inference_faces_total{job="kg-silo",instance="silo1:8081"}'
                    values: '0+600x10'
                  - series: 'kg_inference_faces_total{job="otel-collector",instance="otel-collector:8889"}'
                    values: '0+600x10'
                  # Forward passes on a CPU silo: 20 a second, half with at most 4 faces, all with at most 8, 5 on average.
                  - series: 'kg_inference_batch_faces_bucket{job="kg-silo",instance="silo1:8081",device="cpu",le="2"}'
                    values: '0x10'
                  - series: 'kg_inference_batch_faces_bucket{job="kg-silo",instance="silo1:8081",device="cpu",le="4"}'
                    values: '0+600x10'
                  - series: 'kg_inference_batch_faces_bucket{job="kg-silo",instance="silo1:8081",device="cpu",le="8"}'
                    values: '0+1200x10'
                  - series: 'kg_inference_batch_faces_bucket{job="kg-silo",instance="silo1:8081",device="cpu",le="+Inf"}'
                    values: '0+1200x10'
                  - series: 'kg_inference_batch_faces_sum{job="kg-silo",instance="silo1:8081",device="cpu"}'
                    values: '0+6000x10'
                  - series: 'kg_inference_batch_faces_count{job="kg-silo",instance="silo1:8081",device="cpu"}'
                    values: '0+1200x10'
                  # Requests waiting for their pass: half within 1 ms, all within 2 ms.
                  - series: 'kg_inference_queue_duration_milliseconds_bucket{job="kg-silo",instance="silo1:8081",device="cpu",le="1"}'
                    values: '0+300x10'
                  - series: 'kg_inference_queue_duration_milliseconds_bucket{job="kg-silo",instance="silo1:8081",device="cpu",le="2"}'
                    values: '0+600x10'
                  - series: 'kg_inference_queue_duration_milliseconds_bucket{job="kg-silo",instance="silo1:8081",device="cpu",le="+Inf"}'
                    values: '0+600x10'
                  # Three silos up, a fourth down, and Orleans's view of the membership.
                  - series: 'up{job="kg-silo",instance="silo1:8081"}'
                    values: '1x10'
                  - series: 'up{job="kg-silo",instance="silo2:8082"}'
                    values: '1x10'
                  - series: 'up{job="kg-silo",instance="silo3:8083"}'
                    values: '1x10'
                  - series: 'up{job="kg-silo",instance="silo4:8084"}'
                    values: '0x10'
                  - series: 'up{job="otel-collector",instance="otel-collector:8889"}'
                    values: '1x10'
                  - series: 'orleans_directory_ring_size{job="kg-silo",instance="silo1:8081"}'
                    values: '3x10'
                  - series: 'orleans_directory_ring_size{job="kg-silo",instance="silo2:8082"}'
                    values: '3x10'
                promql_expr_test:

            """);
        Expect(test, "Validation RMSE (px)", "A", ("{campaign=\"c1\", model=\"eyebrows\"}", 2.25), ("{campaign=\"c1\", model=\"nose-tip\"}", 3.5));
        Expect(test, "Seconds per epoch", "A", ("{campaign=\"c1\", model=\"baseline\"}", 60));
        Expect(test, "Request latency", "A", ("{kind=\"single\"}", 2));
        Expect(test, "Request latency", "B", ("{kind=\"single\"}", WithinBucket(2, 5, 0.95)));
        Expect(test, "Request latency", "C", ("{kind=\"single\"}", WithinBucket(2, 5, 0.99)));
        Expect(test, "Faces/s", "A", ("{}", 10));
        Expect(test, "Faces per pass", "A", ("{device=\"cpu\"}", 4));
        Expect(test, "Faces per pass", "C", ("{device=\"cpu\"}", 5));
        Expect(test, "Queueing time", "A", ("{device=\"cpu\"}", 1));
        Expect(test, "Silos", "A", ("{}", 3));
        Expect(test, "Silos", "B", ("{}", 3));

        var (exitCode, output) = Promtool("test", "rules", Write("dashboard-test.yml", test.ToString()));

        Assert.True(exitCode == 0, output);
    }

    /// <summary>
    /// Prometheus's linear interpolation inside the (2, 5] bucket of the series above (50 of 100 requests/s below
    /// it, 50 in it), computed in the same order so the doubles agree to the last bit (promtool compares exactly).
    /// </summary>
    private static double WithinBucket(double lower, double upper, double quantile) =>
        lower + (upper - lower) * ((quantile * 100 - 50) / 50);

    private static void Expect(StringBuilder test, string panel, string refId, params (string Labels, double Value)[] samples)
    {
        var expression = GrafanaDashboard.AsSent(GrafanaDashboard.Shipped.Expression(panel, refId));
        test.Append($"      - expr: {JsonSerializer.Serialize(expression)}\n        eval_time: 10m\n        exp_samples:\n");
        foreach (var (labels, value) in samples)
            test.Append($"          - labels: {JsonSerializer.Serialize(labels)}\n            value: {value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}\n");
    }

    private void SkipWithoutPromtool() =>
        Skip.If(promtool is null, "promtool (Debian package 'prometheus') is not installed: dashboard queries were not evaluated.");

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private (int ExitCode, string Output) Promtool(params string[] arguments) => promtool!.Run(arguments);
}
