using Xunit;

namespace KeypointGrains.TestSupport;

/// <summary>
/// Finds the shared data folder (shared/data beside the repository, or env KG_DATA_DIR) for tests that use real files;
/// those tests skip with a clear message where it is absent. Use with [SkippableFact].
/// </summary>
public static class TestData
{
    private static readonly Lazy<string?> Root = new(Locate);

    /// <summary>The folder with Kaggle-format training/test/IdLookupTable files, or null when absent.</summary>
    public static string? FkdDirectory => Root.Value is { } root ? Path.Combine(root, "fkd") : null;

    /// <summary>shared/data/fkd/training.csv.gz; skips the calling test when the data is absent.</summary>
    public static string TrainingCsv() => Fkd("training.csv.gz");

    /// <summary>A file of shared/data/fkd; skips the calling test when the data is absent.</summary>
    public static string Fkd(string file) => Path.Combine(RequireData(), "fkd", file);

    /// <summary>A file of shared/data/kaggle_fkd_meta (Kaggle's own tables); skips the calling test when absent.</summary>
    public static string KaggleMeta(string file) => Path.Combine(RequireData(), "kaggle_fkd_meta", file);

    /// <summary>shared/data/photos (whole frames and their keypoints.csv); skips the calling test when absent.</summary>
    public static string Photos() => Path.Combine(RequireData(), "photos");

    /// <summary>The shared data folder; skips the calling test when it is absent.</summary>
    public static string RequireData()
    {
        Skip.If(Root.Value is null,
            "Real data not found: no shared/data/fkd beside the repository (or above the test binaries) and KG_DATA_DIR unset.");
        return Root.Value!;
    }

    private static string? Locate()
    {
        if (Environment.GetEnvironmentVariable("KG_DATA_DIR") is { Length: > 0 } configured)
            return Directory.Exists(Path.Combine(configured, "fkd")) ? configured : null;
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "shared", "data");
            if (Directory.Exists(Path.Combine(candidate, "fkd"))) return candidate;
        }
        return null;
    }
}
