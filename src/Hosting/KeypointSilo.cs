using System.Net;
using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.ClusterClient.Telemetry;
using KeypointGrains.Grains.Hosting;
using KeypointGrains.Grains.Inference;
using KeypointGrains.Grains.Placement;
using KeypointGrains.Grains.Storage;
using KeypointGrains.Hosting.Networking;
using KeypointGrains.Hosting.Storage;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace KeypointGrains.Hosting;

/// <summary>Configures a silo of the keypoint cluster from <see cref="ClusterSettings"/>; the Silo host and embedded clusters share it.</summary>
public static class KeypointSilo
{
    public const string StateContainer = "keypoints-state";

    /// <summary>
    /// A silo of the cluster the settings describe. With directory storage the process must hold the directory's
    /// <paramref name="storageLock"/> (one cluster only), and the silo tells kg commands started beside the directory how
    /// to reach it (silo.json), or share it as a member of the holder's cluster. The caller releases the lock once the
    /// silo has stopped. Azure storage takes no lock.
    /// </summary>
    public static ISiloBuilder ConfigureKeypointSilo(this ISiloBuilder silo, ClusterSettings settings, StorageLock? storageLock)
    {
        if (!settings.AzureStorage && storageLock is null)
            throw new ArgumentException("A silo on directory storage needs the directory's lock.", nameof(storageLock));
        silo.ConfigureKeypointClustering(settings).AddKeypointServices(settings, SiloDevice.Detect(settings.Device));
        if (storageLock is { Holds: true })
        {
            silo.Services.AddSingleton(storageLock);
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, HostedSiloFile>();
        }
        return silo;
    }

    public static ISiloBuilder ConfigureKeypointClustering(this ISiloBuilder silo, ClusterSettings settings)
    {
        settings.Validate();
        var (cluster, ports) = (settings.Cluster, settings.Silo);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        silo.Configure<ClusterMembershipOptions>(o => cluster.FailureDetection.ApplyTo(o));
        if (settings.AzureClustering)
        {
            silo.UseAzureStorageClustering(o => o.TableServiceClient = AzureStorageClients.Tables(settings.Storage.ConnectionString!));
            silo.ConfigureEndpoints(IPAddress.Parse(ports.AdvertisedAddress), ports.SiloPort, ports.GatewayPort,
                listenOnAnyHostAddress: false);
        }
        else
        {
            var primary = ports.SiloPort == ports.PrimarySiloPort ? null : new IPEndPoint(IPAddress.Loopback, ports.PrimarySiloPort);
            silo.UseLocalhostClustering(ports.SiloPort, ports.GatewayPort, primary, cluster.ServiceId, cluster.ClusterId);
        }
        return silo.ListenExclusively(ports);
    }

    /// <summary>
    /// Replaces the transport Orleans listens with (one factory for the silo port, one for the gateway port, under keys
    /// of its own) by one whose ports no other process can share: see <see cref="ExclusiveListenerFactory"/>.
    /// </summary>
    private static ISiloBuilder ListenExclusively(this ISiloBuilder silo, SiloSettings ports)
    {
        var listeners = silo.Services.Where(s => s.IsKeyedService && s.ServiceType == typeof(IConnectionListenerFactory)).ToArray();
        foreach (var listener in listeners)
        {
            silo.Services.Remove(listener);
            silo.Services.AddKeyedSingleton<IConnectionListenerFactory>(listener.ServiceKey,
                (services, _) => new ExclusiveListenerFactory(ports, services.GetRequiredService<ILoggerFactory>()));
        }
        return silo;
    }

    /// <summary>
    /// Grain state, reminders, checkpoints, placement and the grains' services, without clustering (a test cluster
    /// brings its own). <paramref name="device"/> is what the silo advertises and computes on.
    /// </summary>
    public static ISiloBuilder AddKeypointServices(this ISiloBuilder silo, ClusterSettings settings, SiloDevice device)
    {
        settings.Validate();

        if (settings.AzureStorage)
        {
            var connection = settings.Storage.ConnectionString!;
            silo.Services.AddAzureBlobGrainStorage(KeypointStorage.Name, o =>
            {
                o.BlobServiceClient = AzureStorageClients.Blobs(connection);
                o.ContainerName = StateContainer;
            });
            silo.UseAzureTableReminderService(o => o.TableServiceClient = AzureStorageClients.Tables(connection));
        }
        else
        {
            var root = Path.GetFullPath(settings.Storage.Directory);
            silo.Services.AddGrainStorage(KeypointStorage.Name, (services, name) => new DirectoryGrainStorage(
                Path.Combine(root, "state"), services.GetRequiredKeyedService<IGrainStorageSerializer>(name)));
            // Orleans keeps no reminders on disk: after a restart the silos' start-up scan (ResumeOnStart) resumes campaigns.
            silo.UseInMemoryReminderService();
        }

        // A kg predict is one trace from the client through the specialists: grain calls carry the caller's span.
        if (settings.Telemetry.Tracing) silo.AddActivityPropagation();
        silo.Services.AddKeypointTelemetry(settings.Telemetry, "kg-silo");

        var serving = new ServingOptions
        {
            MaxBatchFaces = settings.Serving.MaxBatchFaces,
            MaxBatchDelayMicroseconds = settings.Serving.MaxBatchDelayMicroseconds,
            MaxLoadedEnsembles = settings.Serving.MaxLoadedEnsembles,
            Precision = settings.Serving.Precision,
        };
        return silo.AddKeypointGrains(device, StorageIdentities.Of(settings), CheckpointStores.Create(settings), serving,
            placement => placement.AllowCpu = settings.Training.AllowCpu,
            coordinator =>
            {
                coordinator.WatchdogPeriod = TimeSpan.FromSeconds(settings.Training.WatchdogSeconds);
                coordinator.ResumeOnStart = !settings.AzureStorage && settings.Training.ResumeOnStart;
            });
    }
}
