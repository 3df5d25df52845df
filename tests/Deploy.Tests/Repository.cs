namespace KeypointGrains.Deploy.Tests;

/// <summary>Paths inside the repository, found by walking up from the test binary to KeypointGrains.sln.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string File(string relativePath) => Path.Combine(Root, relativePath);

    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    public static IEnumerable<string> Files(string relativeFolder, params string[] extensions) =>
        Directory.EnumerateFiles(File(relativeFolder), "*", SearchOption.AllDirectories)
            .Where(path => extensions.Any(e => path.EndsWith(e, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (System.IO.File.Exists(Path.Combine(folder.FullName, "KeypointGrains.sln")))
                return folder.FullName;
        throw new DirectoryNotFoundException($"No KeypointGrains.sln in {AppContext.BaseDirectory} or above.");
    }
}
