namespace KeypointGrains.Cluster.Tests.Support;

/// <summary>The real training file: shared/data/fkd beside the repository (found by walking up), or KG_DATA_DIR.</summary>
public static class TestData
{
    public static string? TrainingCsv()
    {
        if (Environment.GetEnvironmentVariable("KG_DATA_DIR") is { Length: > 0 } dir)
            return File.Exists(Path.Combine(dir, "training.csv.gz")) ? Path.Combine(dir, "training.csv.gz") : null;
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "shared", "data", "fkd", "training.csv.gz");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    public static string RequireTrainingCsv()
    {
        var path = TrainingCsv();
        Skip.If(path is null, "No training data: shared/data/fkd/training.csv.gz beside the repository (or KG_DATA_DIR) is missing.");
        return path!;
    }
}
