using Azure;
using Azure.Storage.Blobs;
using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.Grains.Storage;

namespace KeypointGrains.Hosting.Storage;

/// <summary>
/// Gives the storage the settings describe an identity the first time a silo uses it (a storage-id file in the directory,
/// a storage-id blob beside the grain state), and reads it back every time after. Written once and never replaced:
/// whichever silo writes first, every silo on that storage reads the same id.
/// </summary>
public static class StorageIdentities
{
    private const string Name = "storage-id";

    public static StorageIdentity Of(ClusterSettings settings) =>
        settings.AzureStorage
            ? OfContainer(new BlobServiceClient(settings.Storage.ConnectionString).GetBlobContainerClient(KeypointSilo.StateContainer))
            : OfDirectory(Path.GetFullPath(settings.Storage.Directory));

    private static StorageIdentity OfDirectory(string directory)
    {
        var path = Path.Combine(directory, Name);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(directory);
            var written = Path.Combine(directory, $".{Name}.{Guid.NewGuid():N}.tmp");
            File.WriteAllText(written, NewId());
            try
            {
                File.Move(written, path, overwrite: false); // fails when another silo's id got there first
            }
            catch (IOException) when (File.Exists(path))
            {
            }
            finally
            {
                File.Delete(written);
            }
        }
        return new StorageIdentity(File.ReadAllText(path).Trim(), directory);
    }

    private static StorageIdentity OfContainer(BlobContainerClient container)
    {
        container.CreateIfNotExists();
        var blob = container.GetBlobClient(Name);
        try
        {
            blob.Upload(BinaryData.FromString(NewId()), overwrite: false);
        }
        catch (RequestFailedException error) when (error.Status == 409)
        {
            // Another silo's id got there first.
        }
        return new StorageIdentity(blob.DownloadContent().Value.Content.ToString().Trim(),
            $"Azure container {container.AccountName}/{container.Name}");
    }

    private static string NewId() => Guid.NewGuid().ToString("N");
}
