namespace KeypointGrains.Cluster.Tests.Support;

public sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("kg-cluster-test-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { } // a silo that is still shutting down may hold a file; the OS temp cleaner gets it later
    }
}
