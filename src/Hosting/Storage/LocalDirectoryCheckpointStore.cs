using KeypointGrains.ClusterClient.Diagnostics;
using KeypointGrains.Contracts.Storage;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Keypoints.Storage;

namespace KeypointGrains.Hosting.Storage;

/// <summary>Checkpoints as sealed files under one directory (the single-machine default; survives restarts).</summary>
public sealed class LocalDirectoryCheckpointStore(string directory) : ICheckpointStore
{
    public const string Container = "local";

    public string Directory { get; } = Path.GetFullPath(directory);

    public Task<CheckpointReference> WriteAsync(string name, int epoch, Action<Stream> write, CancellationToken cancellation = default) =>
        Task.FromResult(Store(name, epoch, write, replace: true));

    public Task<CheckpointReference> CreateAsync(string name, int epoch, Action<Stream> write, CancellationToken cancellation = default) =>
        Task.FromResult(Store(name, epoch, write, replace: false));

    private CheckpointReference Store(string name, int epoch, Action<Stream> write, bool replace)
    {
        var path = PathOf(name);
        try
        {
            Reaching(() => AtomicFile.Write(path, file => CheckpointSeal.Write(file, write), replace), $"store {name}");
        }
        catch (StorageUnavailableException) when (!replace && File.Exists(path))
        {
            throw new CheckpointExistsException($"Checkpoint {name} is already stored in {Directory}; it was not replaced.");
        }
        return new CheckpointReference(Container, name, epoch, new FileInfo(path).Length);
    }

    public Task<Stream> OpenReadAsync(CheckpointReference reference, CancellationToken cancellation = default)
    {
        var path = PathOf(reference.Name);
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint {reference} is not in {Directory}.", path);
        return Task.FromResult(CheckpointSeal.Open(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20), reference));
    }

    public Task DeleteAsync(CheckpointReference reference, CancellationToken cancellation = default)
    {
        Reaching(() => File.Delete(PathOf(reference.Name)), $"delete {reference}");
        return Task.CompletedTask;
    }

    public Task<int> DeleteAllAsync(string prefix, CancellationToken cancellation = default)
    {
        var start = PathOf(prefix);
        var folder = Path.GetDirectoryName(start)!;
        int deleted = 0;
        Reaching(() =>
        {
            if (!System.IO.Directory.Exists(folder)) return;
            foreach (var file in System.IO.Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => f.StartsWith(start, StringComparison.Ordinal)).ToArray())
            {
                File.Delete(file);
                deleted++;
            }
        }, $"delete {prefix}*");
        return Task.FromResult(deleted);
    }

    private string PathOf(string name)
    {
        var path = Path.GetFullPath(Path.Combine(Directory, name));
        if (!path.StartsWith(Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"Checkpoint name '{name}' points outside {Directory}.", nameof(name));
        return path;
    }

    /// <summary>A disk that fails an I/O (full, or a network mount gone) may work again later.</summary>
    private void Reaching(Action io, string what)
    {
        try
        {
            io();
        }
        catch (IOException error) when (TransientFailures.IsTransient(error))
        {
            throw new StorageUnavailableException($"Checkpoint folder {Directory} is unavailable (could not {what}): {TransientFailures.Cause(error)}", error);
        }
    }
}
