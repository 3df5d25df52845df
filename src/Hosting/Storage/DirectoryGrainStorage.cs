using System.Security.Cryptography;
using KeypointGrains.Keypoints.Storage;
using Orleans.Storage;

namespace KeypointGrains.Hosting.Storage;

/// <summary>
/// Grain state as one file per grain under a directory (Orleans has no file storage of its own), written atomically.
/// The ETag is a hash of the stored bytes, so a write based on stale state fails as Orleans expects. One writer: two
/// silos sharing the directory could race between the ETag check and the rename, so only the process that holds the
/// directory's <see cref="StorageLock"/> hosts a silo on it.
/// </summary>
public sealed class DirectoryGrainStorage(string directory, IGrainStorageSerializer serializer) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        if (!File.Exists(path))
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
            return Task.CompletedTask;
        }
        var bytes = File.ReadAllBytes(path);
        try
        {
            grainState.State = serializer.Deserialize<T>(new BinaryData(bytes));
        }
        catch (Exception error)
        {
            throw new InvalidDataException($"Grain state file {path} cannot be read as {typeof(T).Name}: {error.Message}", error);
        }
        grainState.ETag = ETagOf(bytes);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        CheckETag(path, grainState.ETag);
        var bytes = serializer.Serialize(grainState.State).ToArray();
        AtomicFile.Write(path, stream => stream.Write(bytes));
        grainState.ETag = ETagOf(bytes);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        CheckETag(path, grainState.ETag);
        File.Delete(path);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static void CheckETag(string path, string? expected)
    {
        string? stored = File.Exists(path) ? ETagOf(File.ReadAllBytes(path)) : null;
        if (stored != expected)
            throw new InconsistentStateException($"Grain state file {path} changed since it was read.", stored, expected);
    }

    private string PathOf(string stateName, GrainId grainId) =>
        Path.Combine(directory, Uri.EscapeDataString(stateName), Uri.EscapeDataString(grainId.ToString()) + ".state");

    private static string ETagOf(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes), 0, 12);
}
