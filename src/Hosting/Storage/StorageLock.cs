using KeypointGrains.Contracts.Hosting;
using KeypointGrains.ClusterClient.Connection;

namespace KeypointGrains.Hosting.Storage;

/// <summary>
/// This process's hold on a storage directory: an exclusive lock on its silo.lock file, which the OS lets go of when the
/// process ends, however it ends. Directory storage is safe with one cluster only (see <see cref="DirectoryGrainStorage"/>),
/// so only the holder hosts a silo on the directory, and other silos join the holder's cluster or refuse; kg commands
/// join the holder's silo as clients.
/// </summary>
public sealed class StorageLock : IDisposable
{
    public const string FileName = "silo.lock";

    private readonly FileStream? file;

    private StorageLock(string directory, FileStream? file)
    {
        Directory = directory;
        this.file = file;
    }

    public string Directory { get; }

    /// <summary>
    /// True when this process holds the lock (its silo describes itself in silo.json); false for a silo that shares the
    /// directory as a member of the holder's cluster.
    /// </summary>
    public bool Holds => file is not null;

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

    /// <summary>
    /// The directory for a silo of <paramref name="settings"/>' cluster: its lock, or, while the live silo that holds it
    /// is the primary this silo joins (same cluster and service, localhost clustering through its silo port), a share of
    /// it as a member of that cluster: a cluster activates each grain once, so its silos never write one grain's file at
    /// the same time. A silo of any other cluster refuses to start.
    /// </summary>
    public static StorageLock Acquire(string directory, ClusterSettings settings)
    {
        if (TryAcquire(directory) is { } held) return held;
        var hosted = HostedSilo.Find(directory);
        if (hosted is not null && hosted.ClusterId == settings.Cluster.ClusterId && hosted.ServiceId == settings.Cluster.ServiceId
            && !settings.AzureClustering && settings.Silo.PrimarySiloPort == hosted.SiloPort && settings.Silo.SiloPort != hosted.SiloPort)
            return new StorageLock(directory, file: null);
        throw new SiloRefusedException(
            $"storage {directory} is in use by another silo ({hosted?.ToString() ?? "still starting"}); " +
            "give this silo a directory of its own (Storage:Directory, --storage-dir)");
    }

    public void Dispose() => file?.Dispose();
}
