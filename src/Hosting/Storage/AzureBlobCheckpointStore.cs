using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using KeypointGrains.ClusterClient.Diagnostics;
using KeypointGrains.Contracts.Storage;
using KeypointGrains.Contracts.Training;

namespace KeypointGrains.Hosting.Storage;

/// <summary>
/// Checkpoints as sealed block blobs in one container. An upload commits all at once, so readers never see a torn
/// blob; the content is staged in a temporary file first because a trainer checkpoint is hundreds of MB and written as
/// a stream, and read back through one so that its seal is checked before anything is loaded.
/// </summary>
public sealed class AzureBlobCheckpointStore(BlobServiceClient service, string container = "checkpoints") : ICheckpointStore
{
    /// <summary>
    /// The most one request carries: a larger checkpoint goes as blocks of this size, committed at once, so that each
    /// request fits <see cref="AzureStorageClients.NetworkTimeout"/> on a link of 1 MB/s.
    /// </summary>
    public const int BlockBytes = 8 << 20;

    private readonly BlobContainerClient client = service.GetBlobContainerClient(container);
    private Task? created;

    public Task<CheckpointReference> WriteAsync(string name, int epoch, Action<Stream> write, CancellationToken cancellation = default) =>
        Upload(name, epoch, write, replace: true, cancellation);

    public Task<CheckpointReference> CreateAsync(string name, int epoch, Action<Stream> write, CancellationToken cancellation = default) =>
        Upload(name, epoch, write, replace: false, cancellation);

    /// <summary>Without <paramref name="replace"/> the upload is conditioned on no blob of that name (If-None-Match: *).</summary>
    private async Task<CheckpointReference> Upload(string name, int epoch, Action<Stream> write, bool replace, CancellationToken cancellation)
    {
        await using var staging = StagingFile();
        CheckpointSeal.Write(staging, write);
        long bytes = staging.Length;
        staging.Position = 0;
        try
        {
            await Reaching(async () =>
            {
                // Created once per store; an attempt that failed (storage down) is made again by the next write.
                if (created is not { IsCompletedSuccessfully: true }) await (created = client.CreateIfNotExistsAsync(cancellationToken: cancellation));
                await client.GetBlobClient(name).UploadAsync(staging, new BlobUploadOptions
                {
                    Conditions = replace ? null : new BlobRequestConditions { IfNoneMatch = ETag.All },
                    TransferOptions = new StorageTransferOptions { InitialTransferSize = BlockBytes, MaximumTransferSize = BlockBytes },
                }, cancellation);
            }, $"store {name}");
        }
        // Storage answers 409 to a single upload and 412 to a commit of blocks when the name is taken.
        catch (RequestFailedException error) when (!replace && error.Status is 409 or 412)
        {
            throw new CheckpointExistsException($"Checkpoint {container}/{name} is already stored; it was not replaced.");
        }
        return new CheckpointReference(container, name, epoch, bytes);
    }

    public async Task<Stream> OpenReadAsync(CheckpointReference reference, CancellationToken cancellation = default)
    {
        var staging = StagingFile();
        try
        {
            await Reaching(async () =>
            {
                staging.SetLength(0);
                await Blob(reference).DownloadToAsync(staging, cancellation);
            }, $"read {reference}");
        }
        catch (RequestFailedException error) when (error.Status == 404)
        {
            await staging.DisposeAsync();
            throw new FileNotFoundException($"Checkpoint {reference} is not in blob storage.", reference.Name, error);
        }
        catch
        {
            await staging.DisposeAsync();
            throw;
        }
        return CheckpointSeal.Open(staging, reference);
    }

    public Task DeleteAsync(CheckpointReference reference, CancellationToken cancellation = default) =>
        Reaching(() => Blob(reference).DeleteIfExistsAsync(cancellationToken: cancellation), $"delete {reference}");

    public async Task<int> DeleteAllAsync(string prefix, CancellationToken cancellation = default)
    {
        int deleted = 0;
        await Reaching(async () =>
        {
            if (!await client.ExistsAsync(cancellation)) return;
            await foreach (var blob in client.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellation))
                if ((await client.GetBlobClient(blob.Name).DeleteIfExistsAsync(cancellationToken: cancellation)).Value) deleted++;
        }, $"delete {prefix}*");
        return deleted;
    }

    private BlobClient Blob(CheckpointReference reference) =>
        service.GetBlobContainerClient(reference.Container).GetBlobClient(reference.Name);

    private static FileStream StagingFile() =>
        new(Path.Combine(Path.GetTempPath(), $"kg-checkpoint-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 1 << 20, FileOptions.DeleteOnClose);

    /// <summary>Runs a storage call; a failure that trying later may cure becomes a <see cref="StorageUnavailableException"/>.</summary>
    private static async Task Reaching(Func<Task> call, string what)
    {
        try
        {
            await call();
        }
        catch (Exception error) when (TransientFailures.IsTransient(error))
        {
            throw new StorageUnavailableException($"Blob storage is unavailable (could not {what}): {TransientFailures.Cause(error)}", error);
        }
    }
}
