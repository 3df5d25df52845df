using KeypointGrains.ClusterClient.Connection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KeypointGrains.Hosting;

/// <summary>The two ways `kg` reaches a cluster: connect to a running one, or host a silo in its own process.</summary>
public static class KeypointCluster
{
    /// <summary>Connects as a client to the cluster the settings describe (e.g. a local 2-silo cluster).</summary>
    public static Task<ClusterConnection> ConnectAsync(ClusterSettings settings, CancellationToken cancellation = default) =>
        StartAsync(builder => builder.UseOrleansClient(client => client.ConfigureKeypointClient(settings)), cancellation);

    /// <summary>
    /// Hosts a silo in this process (the embedded default): with default settings a one-silo localhost cluster that keeps
    /// state and checkpoints under runs/cluster.
    /// </summary>
    public static Task<ClusterConnection> StartEmbeddedAsync(ClusterSettings settings, CancellationToken cancellation = default) =>
        StartAsync(builder => builder.UseOrleans(silo => silo.ConfigureKeypointSilo(settings)), cancellation);

    private static async Task<ClusterConnection> StartAsync(Action<HostApplicationBuilder> configure, CancellationToken cancellation)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // kg draws its own progress: only errors of the embedded silo or client reach the console.
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Error);
        configure(builder);
        var host = builder.Build();
        await host.StartAsync(cancellation);
        return new ClusterConnection(host, host.Services.GetRequiredService<IClusterClient>());
    }
}
