using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.ClusterClient.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace KeypointGrains.ClusterClient.Connection;

/// <summary>A running connection to the cluster (a client, or a silo hosted in this process); dispose to leave it.</summary>
public sealed class ClusterConnection(IHost host, IClusterClient client) : IAsyncDisposable
{
    public IClusterClient Client { get; } = client;

    public IServiceProvider Services => host.Services;

    public CampaignClient Campaigns() => new(Client);

    /// <summary>Connects as a client to the cluster the settings describe (e.g. a local 2-silo cluster).</summary>
    public static Task<ClusterConnection> ConnectAsync(ClusterSettings settings, CancellationToken cancellation = default) =>
        HostAsync(builder =>
        {
            // The caller draws its own output: only the client's errors reach the console, one line each.
            builder.Logging.AddConsole(o => o.FormatterName = OneLineConsoleFormatter.Name)
                .AddConsoleFormatter<OneLineConsoleFormatter, ConsoleFormatterOptions>().SetMinimumLevel(LogLevel.Error);
            builder.UseOrleansClient(client => client.ConfigureKeypointClient(settings));
        }, cancellation);

    /// <summary>Builds and starts a host that <paramref name="configure"/> makes a client or a silo, and connects through it.</summary>
    public static async Task<ClusterConnection> HostAsync(Action<HostApplicationBuilder> configure, CancellationToken cancellation)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        configure(builder);
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellation);
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return new ClusterConnection(host, host.Services.GetRequiredService<IClusterClient>());
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
