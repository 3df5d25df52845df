namespace KeypointGrains.TestSupport;

/// <summary>A fresh folder for one test's files, deleted afterwards.</summary>
public sealed class TemporaryFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("kg-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { } // a silo still shutting down may hold a file; the OS temp cleaner gets it later
    }
}
