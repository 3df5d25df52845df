using Azure;
using Azure.Storage.Blobs;
using KeypointGrains.Contracts.Storage;
using KeypointGrains.Contracts.Training;

namespace KeypointGrains.Hosting.Storage;

/// <summary>
/// Checkpoints as block blobs in one container. An upload commits all at once, so readers never see a torn blob; the
/// content is staged in a temporary file first because a trainer checkpoint is hundreds of MB and written as a stream.
/// </summary>
public sealed class AzureBlobCheckpointStore(BlobServiceClient service, string container = "checkpoints") : ICheckpointStore
{
    private readonly BlobContainerClient client = service.GetBlobContainerClient(container);
    private readonly Lazy<Task> created = new(() => service.GetBlobContainerClient(container).CreateIfNotExistsAsync());

    public async Task<CheckpointReference> WriteAsync(string name, int epoch, Action<Stream> write, CancellationToken cancellation = default)
    {
        await created.Value;
        var staging = Path.Combine(Path.GetTempPath(), $"kg-checkpoint-{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = new FileStream(staging, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20, FileOptions.DeleteOnClose))
            {
                write(file);
                long bytes = file.Length;
                file.Position = 0;
                await client.GetBlobClient(name).UploadAsync(file, overwrite: true, cancellation);
                return new CheckpointReference(container, name, epoch, bytes);
            }
        }
        finally
        {
            File.Delete(staging);
        }
    }

    public async Task<Stream> OpenReadAsync(CheckpointReference reference, CancellationToken cancellation = default)
    {
        try
        {
            return await service.GetBlobContainerClient(reference.Container).GetBlobClient(reference.Name)
                .OpenReadAsync(cancellationToken: cancellation);
        }
        catch (RequestFailedException error) when (error.Status == 404)
        {
            throw new FileNotFoundException($"Checkpoint {reference} is not in blob storage.", reference.Name, error);
        }
    }

    public async Task DeleteAsync(CheckpointReference reference, CancellationToken cancellation = default) =>
        await service.GetBlobContainerClient(reference.Container).GetBlobClient(reference.Name)
            .DeleteIfExistsAsync(cancellationToken: cancellation);
}
