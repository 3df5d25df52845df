using System.Diagnostics;
using KeypointGrains.Contracts.Hosting;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace KeypointGrains.Grains.Storage;

/// <summary>
/// Keeps a silo out of a cluster whose silos keep their state in other storage: grains placed on it would read and write
/// a store the rest of the cluster never sees (a checkpoint written there is missing everywhere else). It runs once the
/// silo has reached the cluster's active silos and before it becomes active itself, so nothing is ever placed on a
/// silo it refuses.
/// </summary>
public sealed class StorageIdentityCheck(
    StorageIdentity storage, IClusterMembershipService membership, ISiloMetadataCache metadata, ILocalSiloDetails local)
    : ILifecycleParticipant<ISiloLifecycle>
{
    // Silos fetch each other's metadata as they learn of each other; a cluster's silos answer within moments.
    private static readonly TimeSpan MetadataLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MetadataPoll = TimeSpan.FromMilliseconds(100);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(StorageIdentityCheck), ServiceLifecycleStage.ValidateInitialConnectivity + 1, CheckAsync);

    private async Task CheckAsync(CancellationToken cancellation)
    {
        var others = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active && !m.SiloAddress.Equals(local.SiloAddress))
            .Select(m => m.SiloAddress);
        foreach (var silo in others)
        {
            var theirs = await AdvertisedStorage(silo, cancellation);
            if (theirs?.Id != storage.Id)
                throw new SiloRefusedException(
                    $"this silo keeps its state in {storage}, but cluster {local.ClusterId} keeps it in " +
                    $"{theirs?.ToString() ?? $"storage it did not name within {MetadataLimit.TotalSeconds:F0} s"} (silo {silo}); " +
                    "give every silo of a cluster the same storage settings, or this silo a cluster of its own " +
                    "(Cluster:ClusterId, --cluster-id)");
        }
    }

    private async Task<StorageIdentity?> AdvertisedStorage(SiloAddress silo, CancellationToken cancellation)
    {
        var waited = Stopwatch.StartNew();
        while (metadata.GetSiloMetadata(silo).Metadata.IsEmpty && waited.Elapsed < MetadataLimit)
            await Task.Delay(MetadataPoll, cancellation);
        return StorageIdentity.FromMetadata(metadata.GetSiloMetadata(silo).Metadata);
    }
}
