using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.Contracts.Hosting;
using KeypointGrains.Grains.Training;
using KeypointGrains.Hosting.Logging;
using KeypointGrains.Hosting.Networking;
using KeypointGrains.Hosting.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KeypointGrains.Hosting;

/// <summary>
/// kg's own cluster (the embedded default): one private silo per storage directory, hosted by the first kg process that
/// needs it and joined as a client by every kg process started beside it while it runs.
/// </summary>
public static class EmbeddedCluster
{
    // A port picked free can be taken before the silo binds it; a few fresh picks make that harmless.
    private const int PortAttempts = 3;
    private static readonly TimeSpan HostStartLimit = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan HostPoll = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The silo that hosts the settings' storage: when a live process hosts the storage directory already, that
    /// process's silo, joined as a client; otherwise a silo started in this process, private to it (a cluster id of its
    /// own and free ports, so that no other silo or client meets it by accident), until the connection is disposed.
    /// Its log goes to <see cref="LogFile"/>. <paramref name="announce"/> hears which it is, before it starts.
    /// </summary>
    public static async Task<ClusterConnection> OpenAsync(ClusterSettings settings, Action<string>? announce = null,
        CancellationToken cancellation = default)
    {
        var directory = Path.GetFullPath(settings.Storage.Directory);
        if (settings.AzureStorage)
        {
            announce?.Invoke("Hosting a silo in this process (state in Azure Storage)…");
            return await HostAsync(settings, storageLock: null, cancellation);
        }
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (StorageLock.TryAcquire(directory) is { } storageLock)
            {
                announce?.Invoke($"Hosting a silo in this process (state in {directory})…");
                return await HostAsync(settings, storageLock, cancellation);
            }
            if (HostedSilo.Find(directory) is { } hosted)
            {
                announce?.Invoke($"Joining the silo that hosts {directory} ({hosted})…");
                return await ClusterConnection.ConnectAsync(hosted.ClientSettings(settings), cancellation);
            }
            // The process that holds the directory is starting its silo, or stopping it.
            if (waited.Elapsed > HostStartLimit)
                throw new SiloRefusedException($"storage {directory} is locked by a process whose silo did not start within {HostStartLimit}");
            await Task.Delay(HostPoll, cancellation);
        }
    }

    public static string LogFile(ClusterSettings settings) =>
        Path.Combine(Path.GetFullPath(settings.Storage.Directory), "logs", "silo.log");

    private static async Task<ClusterConnection> HostAsync(ClusterSettings settings, StorageLock? storageLock, CancellationToken cancellation)
    {
        // It lives as long as one kg command: it resumes only the campaign the command asks about, not every unfinished one.
        settings.Training.ResumeOnStart = false;
        var logFile = LogFile(settings);
        for (int attempt = 1; ; attempt++)
        {
            var own = Private(settings);
            try
            {
                var connection = await ClusterConnection.HostAsync(builder =>
                {
                    builder.Logging.AddProvider(new FileLoggerProvider(logFile, LogLevel.Information))
                        .AddFilter("Orleans", LogLevel.Warning).AddFilter("Microsoft", LogLevel.Warning);
                    builder.Services.AddSingleton(new FailureLog(logFile));
                    builder.UseOrleans(silo => silo.ConfigureKeypointSilo(own, storageLock));
                }, cancellation);
                // Stopped means the silo has written its last state: only then may another process host the directory.
                if (storageLock is not null)
                    connection.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(storageLock.Dispose);
                return connection;
            }
            catch (Exception error) when (SiloRefusedException.In(error) is PortInUseException && attempt < PortAttempts)
            {
                // Another process took a port between the pick and the bind: pick again.
            }
            catch
            {
                storageLock?.Dispose();
                throw;
            }
        }
    }

    /// <summary>The settings with a cluster of the silo's own: a fresh cluster id, free loopback ports, localhost clustering.</summary>
    private static ClusterSettings Private(ClusterSettings settings)
    {
        using var silo = new TcpListener(IPAddress.Loopback, 0);
        using var gateway = new TcpListener(IPAddress.Loopback, 0);
        silo.Start();
        gateway.Start();
        int siloPort = ((IPEndPoint)silo.LocalEndpoint).Port, gatewayPort = ((IPEndPoint)gateway.LocalEndpoint).Port;
        return new ClusterSettings
        {
            Cluster = new ClusteringSettings { ClusterId = $"kg-{Environment.ProcessId}-{Guid.NewGuid():N}", ServiceId = settings.Cluster.ServiceId },
            Silo = new SiloSettings { SiloPort = siloPort, GatewayPort = gatewayPort, PrimarySiloPort = siloPort },
            Storage = settings.Storage,
            Device = settings.Device,
            Training = settings.Training,
            Telemetry = settings.Telemetry,
        };
    }
}
