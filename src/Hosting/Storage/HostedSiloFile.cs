using System.Text.Json;
using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.Keypoints.Storage;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace KeypointGrains.Hosting.Storage;

/// <summary>
/// Writes <see cref="HostedSilo"/> (silo.json) into the storage directory this process holds the lock of, once the silo
/// is active, and removes it as the silo stops: kg commands started beside the storage find the silo there and join it.
/// </summary>
public sealed class HostedSiloFile(StorageLock storageLock, ILocalSiloDetails silo, IOptions<ClusterOptions> cluster)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private string Path => HostedSilo.PathIn(storageLock.Directory);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(HostedSiloFile), ServiceLifecycleStage.Active, Write, Remove);

    private Task Write(CancellationToken cancellation)
    {
        var hosted = new HostedSilo(Environment.ProcessId, silo.ClusterId, cluster.Value.ServiceId,
            silo.SiloAddress.Endpoint.Port, silo.GatewayAddress.Endpoint.Port);
        AtomicFile.Write(Path, stream => JsonSerializer.Serialize(stream, hosted));
        return Task.CompletedTask;
    }

    private Task Remove(CancellationToken cancellation)
    {
        File.Delete(Path);
        return Task.CompletedTask;
    }
}
