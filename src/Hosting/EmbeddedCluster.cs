using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.Grains.Training;
using KeypointGrains.Hosting.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KeypointGrains.Hosting;

/// <summary>A silo hosted in kg's own process (the embedded default), with a client to it.</summary>
public static class EmbeddedCluster
{
    /// <summary>
    /// Starts the silo: with default settings a one-silo localhost cluster that keeps state and checkpoints under
    /// runs/cluster. Its log goes to <see cref="LogFile"/> (kg draws its own progress on the console). It lives as long
    /// as one kg command, so it resumes only the campaign the command asks about, not every unfinished one.
    /// </summary>
    public static Task<ClusterConnection> StartAsync(ClusterSettings settings, CancellationToken cancellation = default)
    {
        settings.Training.ResumeOnStart = false;
        var logFile = LogFile(settings);
        return ClusterConnection.HostAsync(builder =>
        {
            builder.Logging.AddProvider(new FileLoggerProvider(logFile, LogLevel.Information))
                .AddFilter("Orleans", LogLevel.Warning).AddFilter("Microsoft", LogLevel.Warning);
            builder.Services.AddSingleton(new FailureLog(logFile));
            builder.UseOrleans(silo => silo.ConfigureKeypointSilo(settings));
        }, cancellation);
    }

    public static string LogFile(ClusterSettings settings) =>
        Path.Combine(Path.GetFullPath(settings.Storage.Directory), "logs", "silo.log");
}
