using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.ClusterClient.Telemetry;
using KeypointGrains.Hosting;
using KeypointGrains.ClusterClient.Logging;
using KeypointGrains.Hosting.Storage;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orleans.Dashboard;

namespace KeypointGrains.Silo.Web;

/// <summary>
/// A silo with its web host: the front door (the Open Inference Protocol: REST under /v2, gRPC on Web:GrpcUrls; keypoints
/// of photos under /api/photos), the Orleans Dashboard (/dashboard), the live training page (/training and
/// /api/campaigns), the Prometheus scrape endpoint (/metrics, when Telemetry:Exporters names prometheus) and /health.
/// </summary>
public static class SiloWebHost
{
    public const string DashboardEnabledKey = "Dashboard:Enabled";
    private const string AspNetCoreActivities = "Microsoft.AspNetCore";
    private static readonly string[] ProtectedPaths = ["/dashboard", "/training", "/api"];

    /// <summary>Builds the silo from appsettings.json, KG_ environment variables and <paramref name="args"/>.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddClusterSources(args);
        var settings = ClusterSettings.From(builder.Configuration);
        var access = WebAccess.From(builder.Configuration);
        bool dashboard = builder.Configuration.GetValue(DashboardEnabledKey, true);
        bool prometheus = settings.Telemetry.Uses(TelemetrySettings.Prometheus);

        // One cluster per storage directory: a silo of another cluster on it refuses to start (the OS releases the lock
        // with the process).
        var storageLock = settings.AzureStorage ? null : StorageLock.Acquire(Path.GetFullPath(settings.Storage.Directory), settings);

        builder.Services.AddSingleton(builder.WebHost.ListenFrontDoor(access));
        builder.Services.AddFrontDoor(settings.FrontDoor);
        builder.Logging.AddConsole(o => o.FormatterName = OneLineConsoleFormatter.Name)
            .AddConsoleFormatter<OneLineConsoleFormatter, ConsoleFormatterOptions>();
        builder.UseOrleans(silo =>
        {
            silo.ConfigureKeypointSilo(settings, storageLock);
            // In a Kubernetes pod (deploy/k8s sets POD_NAME from the downward API) the pod's identity and address win.
            if (Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 }) silo.UseKubernetesHosting();
            if (dashboard) silo.AddDashboard();
        });
        if (prometheus) builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddPrometheusExporter());
        // The HTTP request's span is the parent of the front door's, and so of the grain call below it.
        if (settings.Telemetry.Tracing) builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(AspNetCoreActivities));
        builder.Services.AddHealthChecks().AddCheck<SiloHealthCheck>("silo");

        var app = builder.Build();
        if (access.HasCredentials)
            app.Use(new BasicAuthentication(access.Username!, access.Password!, [.. ProtectedPaths, .. FrontDoor.ProtectedPaths]).Invoke);
        app.MapGet("/", (ILocalSiloDetails silo, Grains.Placement.SiloDevice device) =>
            Results.Ok(new { silo = silo.SiloAddress.ToString(), name = silo.Name, device = device.ToString() }));
        app.MapHealthChecks("/health");
        if (prometheus) app.MapPrometheusScrapingEndpoint();
        if (dashboard) app.MapOrleansDashboard(routePrefix: "/dashboard");
        app.MapTrainingPage();
        app.MapCampaignApi();
        app.MapFrontDoor();
        app.OpenWhileRunning();
        return app;
    }
}
