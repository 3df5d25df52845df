using Azure.Data.Tables;
using KeypointGrains.ClusterClient.Telemetry;
using Orleans.Configuration;

namespace KeypointGrains.ClusterClient.Connection;

public static class KeypointClient
{
    /// <summary>Configures a client that connects to the cluster described by <paramref name="settings"/>.</summary>
    public static IClientBuilder ConfigureKeypointClient(this IClientBuilder client, ClusterSettings settings)
    {
        settings.Validate();
        var cluster = settings.Cluster;
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        if (settings.AzureClustering)
            client.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(settings.Storage.ConnectionString));
        else
            client.UseLocalhostClustering(cluster.GatewayPorts.Length > 0 ? cluster.GatewayPorts : [settings.Silo.GatewayPort],
                cluster.ServiceId, cluster.ClusterId);
        if (settings.Telemetry.Tracing) client.AddActivityPropagation();
        client.Services.AddKeypointTelemetry(settings.Telemetry, "kg");
        return client;
    }
}
