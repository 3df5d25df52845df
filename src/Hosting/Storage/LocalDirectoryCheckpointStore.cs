using KeypointGrains.Contracts.Storage;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Keypoints.Storage;

namespace KeypointGrains.Hosting.Storage;

/// <summary>Checkpoints as files under one directory (the single-machine default; survives restarts).</summary>
public sealed class LocalDirectoryCheckpointStore(string directory) : ICheckpointStore
{
    public const string Container = "local";

    public string Directory { get; } = Path.GetFullPath(directory);

    public Task<CheckpointReference> WriteAsync(string name, int epoch, Action<Stream> write, CancellationToken cancellation = default)
    {
        var path = PathOf(name);
        AtomicFile.Write(path, write);
        return Task.FromResult(new CheckpointReference(Container, name, epoch, new FileInfo(path).Length));
    }

    public Task<Stream> OpenReadAsync(CheckpointReference reference, CancellationToken cancellation = default)
    {
        var path = PathOf(reference.Name);
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint {reference} is not in {Directory}.", path);
        return Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20));
    }

    public Task DeleteAsync(CheckpointReference reference, CancellationToken cancellation = default)
    {
        File.Delete(PathOf(reference.Name));
        return Task.CompletedTask;
    }

    private string PathOf(string name)
    {
        var path = Path.GetFullPath(Path.Combine(Directory, name));
        if (!path.StartsWith(Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"Checkpoint name '{name}' points outside {Directory}.", nameof(name));
        return path;
    }
}
