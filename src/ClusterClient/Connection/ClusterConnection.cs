using KeypointGrains.ClusterClient.Campaigns;
using Microsoft.Extensions.Hosting;

namespace KeypointGrains.ClusterClient.Connection;

/// <summary>A running connection to the cluster (a client, or a silo hosted in this process); dispose to leave it.</summary>
public sealed class ClusterConnection(IHost host, IClusterClient client) : IAsyncDisposable
{
    public IClusterClient Client { get; } = client;

    public IServiceProvider Services => host.Services;

    public CampaignClient Campaigns() => new(Client);

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
