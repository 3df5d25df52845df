using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.ClusterClient.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace KeypointGrains.Observability.Tests.Telemetry;

public class TelemetrySettingsTests
{
    [Fact]
    public void Exporters_bind_as_a_list_as_environment_variables_give_them()
    {
        var settings = ClusterSettings.From(Configuration(("Telemetry:Exporters:0", "prometheus"), ("Telemetry:Exporters:1", "OTLP"),
            ("Telemetry:OtlpEndpoint", "http://otel-collector:4317")));
        Assert.Equal(["prometheus", "otlp"], settings.Telemetry.Exporters);
        Assert.Equal("http://otel-collector:4317", settings.Telemetry.OtlpEndpoint);
        Assert.True(settings.Telemetry.Tracing);
    }

    [Fact]
    public void Exporters_also_bind_from_one_comma_separated_value()
    {
        var settings = ClusterSettings.From(Configuration(("Telemetry:Exporters", "console, prometheus")));
        Assert.Equal(["console", "prometheus"], settings.Telemetry.Exporters);
    }

    [Fact]
    public void Prometheus_alone_takes_metrics_and_no_spans()
    {
        var settings = ClusterSettings.From(Configuration(("Telemetry:Exporters:0", "prometheus")));
        Assert.True(settings.Telemetry.Enabled);
        Assert.False(settings.Telemetry.Tracing);
    }

    [Fact]
    public void An_unknown_exporter_is_named_in_the_error()
    {
        var error = Assert.Throws<ArgumentException>(() => ClusterSettings.From(Configuration(("Telemetry:Exporters", "otlp,jaeger"))));
        Assert.Contains("'jaeger'", error.Message);
    }

    [Fact]
    public void No_exporter_registers_no_OpenTelemetry_at_all()
    {
        var off = new ServiceCollection().AddKeypointTelemetry(ClusterSettings.From(Configuration()).Telemetry, "kg");
        Assert.Empty(off);

        using var on = new ServiceCollection()
            .AddKeypointTelemetry(new TelemetrySettings { Exporters = [TelemetrySettings.Console] }, "kg").BuildServiceProvider();
        Assert.NotNull(on.GetService<MeterProvider>());
        Assert.NotNull(on.GetService<TracerProvider>());
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
