namespace KeypointGrains.TestSupport;

/// <summary>Paths inside the repository, found by walking up from the test binaries to KeypointGrains.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string File(string relativePath) => System.IO.Path.Combine(Path, relativePath);

    public static string Relative(string path) => System.IO.Path.GetRelativePath(Path, path).Replace('\\', '/');

    /// <summary>The files below <paramref name="relativeFolder"/> ending in one of <paramref name="extensions"/>, build output left out.</summary>
    public static IEnumerable<string> Files(string relativeFolder, params string[] extensions) =>
        Directory.EnumerateFiles(File(relativeFolder), "*", SearchOption.AllDirectories)
            .Where(path => extensions.Any(e => path.EndsWith(e, StringComparison.Ordinal)))
            .Where(path => !Relative(path).Split('/').Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal);

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (System.IO.File.Exists(System.IO.Path.Combine(folder.FullName, "KeypointGrains.sln"))) return folder.FullName;
        throw new DirectoryNotFoundException($"No KeypointGrains.sln in {AppContext.BaseDirectory} or above.");
    }
}
