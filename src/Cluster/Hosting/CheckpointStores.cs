using Azure.Storage.Blobs;
using KeypointGrains.Grains.Storage;

namespace KeypointGrains.Cluster.Hosting;

public static class CheckpointStores
{
    public const string Container = "checkpoints";

    /// <summary>The checkpoint store the settings describe: the one the silos use, also readable from a client.</summary>
    public static ICheckpointStore Create(ClusterSettings settings) =>
        settings.AzureStorage
            ? new AzureBlobCheckpointStore(new BlobServiceClient(settings.Storage.ConnectionString), Container)
            : new LocalDirectoryCheckpointStore(Path.Combine(Path.GetFullPath(settings.Storage.Directory), Container));
}
