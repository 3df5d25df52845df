using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.ClusterClient.Logging;
using Microsoft.Extensions.Logging.Console;

namespace KeypointGrains.Silo.Web;

/// <summary>
/// The front door alone, on a connection to the cluster (kg serve): the same routes as a silo host's, in front of the
/// embedded silo or the cluster kg joined.
/// </summary>
public static class FrontDoorHost
{
    /// <summary>How long a stopping front door lets its in-flight requests finish.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    public static WebApplication Build(IClusterClient cluster, FrontDoorSettings limits, WebAccess access)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders().AddConsole(o => o.FormatterName = OneLineConsoleFormatter.Name)
            .AddConsoleFormatter<OneLineConsoleFormatter, ConsoleFormatterOptions>().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IGrainFactory>(cluster);
        builder.Services.AddFrontDoor(limits);
        builder.Services.AddSingleton(builder.WebHost.ListenFrontDoor(access));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = DrainTimeout);
        var app = builder.Build();
        if (access.HasCredentials) app.Use(new BasicAuthentication(access.Username!, access.Password!, FrontDoor.ProtectedPaths).Invoke);
        app.MapFrontDoor();
        return app;
    }
}
