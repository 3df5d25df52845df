using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.Grains.Hosting;

namespace KeypointGrains.Hosting.Storage;

/// <summary>
/// This process's hold on a storage directory: an exclusive lock on its silo.lock file, which the OS lets go of when the
/// process ends, however it ends. Directory storage is safe with one writer only (see <see cref="DirectoryGrainStorage"/>),
/// so only the holder hosts a silo on the directory; other processes refuse, or join the holder's silo as clients.
/// </summary>
public sealed class StorageLock : IDisposable
{
    public const string FileName = "silo.lock";

    private readonly FileStream file;

    private StorageLock(string directory, FileStream file)
    {
        Directory = directory;
        this.file = file;
    }

    public string Directory { get; }

    /// <summary>The lock on <paramref name="directory"/>, or null while another process holds it.</summary>
    public static StorageLock? TryAcquire(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix, a sharing lock on Windows.
            return new StorageLock(directory, new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
    }

    /// <summary>The lock on <paramref name="directory"/>; a silo that cannot have it refuses to start.</summary>
    public static StorageLock Acquire(string directory) =>
        TryAcquire(directory) ?? throw new SiloRefusedException(
            $"storage {directory} is in use by another silo ({HostedSilo.Find(directory)?.ToString() ?? "still starting"}); " +
            "give this silo a directory of its own (Storage:Directory, --storage-dir)");

    public void Dispose() => file.Dispose();
}
