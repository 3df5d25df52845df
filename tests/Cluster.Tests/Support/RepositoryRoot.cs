namespace KeypointGrains.Cluster.Tests.Support;

public static class RepositoryRoot
{
    /// <summary>The folder holding KeypointGrains.sln, found by walking up from the test binaries.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "KeypointGrains.sln"))) return folder.FullName;
        throw new DirectoryNotFoundException($"No KeypointGrains.sln above {AppContext.BaseDirectory}.");
    }
}
