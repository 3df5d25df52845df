using System.Text.Json;
using System.Text.RegularExpressions;

namespace KeypointGrains.Deploy.Tests.Grafana;

public partial class GrafanaDashboardTests
{
    private static GrafanaDashboard Dashboard => GrafanaDashboard.Shipped;

    [Fact]
    public void Dashboard_has_a_stable_uid_and_title() =>
        Assert.Equal(("keypointgrains", "KeypointGrains"),
            (Dashboard.Root.GetProperty("uid").GetString(), Dashboard.Root.GetProperty("title").GetString()));

    [Fact]
    public void Every_panel_queries_prometheus_for_an_agreed_kg_or_orleans_metric()
    {
        Assert.NotEmpty(Dashboard.DataPanels);
        Assert.All(Dashboard.DataPanels, panel =>
        {
            var title = GrafanaDashboard.Title(panel);
            Assert.Equal("prometheus", panel.GetProperty("datasource").GetProperty("type").GetString());
            var targets = GrafanaDashboard.Targets(panel).ToList();
            Assert.True(targets.Count > 0, $"Panel '{title}' has no query.");
            Assert.All(targets, target =>
                Assert.Equal("prometheus", target.GetProperty("datasource").GetProperty("type").GetString()));
            var names = targets.SelectMany(target => AgreedMetrics.NamedIn(target.GetProperty("expr").GetString()!)).ToList();
            Assert.True(names.Count > 0, $"Panel '{title}' names no kg_ or orleans_ metric.");
            Assert.All(names, name => Assert.True(AgreedMetrics.IsAgreed(name), $"Panel '{title}' uses '{name}', which is not an agreed metric."));
        });
    }

    [Fact]
    public void Dashboard_covers_training_throughput_inference_batching_and_cluster_size()
    {
        var expressions = string.Join('\n', Dashboard.Queries.Select(query => query.Expression));

        Assert.All(new[]
        {
            "kg_training_loss", "kg_training_validation_loss", "kg_training_validation_rmse", "kg_training_epoch{",
            "kg_training_images_per_second", "kg_training_epoch_duration_seconds_sum", "kg_inference_faces_total",
            "kg_inference_degraded_merges_total", "kg_inference_errors_total", "kg_inference_batch_faces_bucket",
            "kg_inference_queue_duration_milliseconds_bucket", "orleans_directory_ring_size", "up{",
        }, metric => Assert.Contains(metric, expressions));
    }

    [Fact]
    public void Latency_panel_shows_p50_p95_and_p99_of_the_request_histogram()
    {
        var quantiles = Dashboard.Queries
            .Select(query => LatencyQuantile().Match(query.Expression))
            .Where(match => match.Success)
            .Select(match => double.Parse(match.Groups["q"].Value, System.Globalization.CultureInfo.InvariantCulture))
            .Order();

        Assert.Equal(new[] { 0.50, 0.95, 0.99 }, quantiles);
    }

    [Fact]
    public void Every_variable_the_queries_use_is_defined()
    {
        var builtIn = new HashSet<string> { "__rate_interval", "__range", "__interval" };
        var used = Dashboard.Queries.SelectMany(query => Variable().Matches(query.Expression))
            .Concat(Dashboard.DataPanels.SelectMany(panel => Variable().Matches(panel.GetProperty("datasource").GetProperty("uid").GetString()!)))
            .Select(match => match.Groups["name"].Value)
            .Where(name => !builtIn.Contains(name))
            .ToHashSet();

        Assert.Subset(Dashboard.VariableNames.ToHashSet(), used);
    }

    [Fact]
    public void Panels_do_not_overlap_on_the_grid()
    {
        var boxes = Dashboard.Panels.Select(panel => panel.GetProperty("gridPos")).Select(grid =>
            (X: grid.GetProperty("x").GetInt32(), Y: grid.GetProperty("y").GetInt32(), W: grid.GetProperty("w").GetInt32(), H: grid.GetProperty("h").GetInt32()))
            .ToList();

        Assert.All(boxes, box => Assert.InRange(box.X + box.W, 1, 24));
        for (var i = 0; i < boxes.Count; i++)
            for (var j = i + 1; j < boxes.Count; j++)
                Assert.False(boxes[i].X < boxes[j].X + boxes[j].W && boxes[j].X < boxes[i].X + boxes[i].W
                             && boxes[i].Y < boxes[j].Y + boxes[j].H && boxes[j].Y < boxes[i].Y + boxes[i].H,
                    $"Panels {i} and {j} overlap.");
    }

    [GeneratedRegex(@"histogram_quantile\((?<q>0\.\d+),\s*sum by \([^)]*\ble\b[^)]*\) \(rate\(kg_inference_request_duration_milliseconds_bucket\{")]
    private static partial Regex LatencyQuantile();

    [GeneratedRegex(@"\$\{?(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Variable();
}
