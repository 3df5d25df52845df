using KeypointGrains.Contracts.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;

namespace KeypointGrains.ClusterClient.Telemetry;

public static class TelemetryServices
{
    /// <summary>Orleans' own meter (activations, messaging, membership...).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>
    /// Registers OpenTelemetry for our meter and activity source, Orleans' meter and grain-call spans, and .NET runtime
    /// metrics, with the OTLP and console exporters the settings name (a web host adds Prometheus itself). Registers
    /// nothing when no exporter is configured.
    /// </summary>
    public static IServiceCollection AddKeypointTelemetry(this IServiceCollection services, TelemetrySettings settings, string serviceName)
    {
        if (!settings.Enabled) return services;
        var telemetry = services.AddOpenTelemetry().ConfigureResource(r => r.AddService(serviceName));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(KeypointTelemetry.Name, OrleansMeter).AddRuntimeInstrumentation();
            if (settings.Uses(TelemetrySettings.Otlp)) metrics.AddOtlpExporter(o => Endpoint(o, settings));
            if (settings.Uses(TelemetrySettings.Console)) metrics.AddConsoleExporter();
        });
        if (settings.Tracing)
        {
            telemetry.WithTracing(tracing =>
            {
                tracing.AddSource(KeypointTelemetry.Name, ActivitySources.RuntimeActivitySourceName,
                    ActivitySources.ApplicationGrainActivitySourceName);
                if (settings.Uses(TelemetrySettings.Otlp)) tracing.AddOtlpExporter(o => Endpoint(o, settings));
                if (settings.Uses(TelemetrySettings.Console)) tracing.AddConsoleExporter();
            });
        }
        return services;
    }

    private static void Endpoint(OpenTelemetry.Exporter.OtlpExporterOptions options, TelemetrySettings settings)
    {
        if (settings.OtlpEndpoint is { } endpoint) options.Endpoint = new Uri(endpoint);
    }
}
