using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.Contracts.Storage;

namespace KeypointGrains.Hosting.Storage;

public static class CheckpointStores
{
    public const string Container = "checkpoints";

    /// <summary>The checkpoint store the settings describe: the one the silos use, also readable from a client.</summary>
    public static ICheckpointStore Create(ClusterSettings settings) =>
        settings.AzureStorage
            ? new AzureBlobCheckpointStore(AzureStorageClients.Blobs(settings.Storage.ConnectionString!), Container)
            : new LocalDirectoryCheckpointStore(Path.Combine(Path.GetFullPath(settings.Storage.Directory), Container));
}
