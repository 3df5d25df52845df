using System.Globalization;
using System.IO.Compression;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Tests.Reporting;

/// <summary>
/// Test-only: the first rows of the shared fkd training.csv.gz (the validating reader lives in Data/). Skips the test
/// when the shared data is not beside the repository (or in KG_DATA_DIR).
/// </summary>
internal static class FkdRows
{
    public static FaceSet Load(int rows)
    {
        var path = Path.Combine(DataFolder(), "fkd", "training.csv.gz");
        using var text = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        text.ReadLine();
        int width = KeypointSchema.ColumnCount;
        var pixels = new float[rows * KeypointSchema.PixelCount];
        var targets = new float[rows * width];
        for (int row = 0; row < rows; row++)
        {
            var fields = (text.ReadLine() ?? throw new InvalidDataException($"{path} has only {row} rows.")).Split(',');
            for (int c = 0; c < width; c++)
                targets[row * width + c] = fields[c].Length == 0 ? float.NaN : float.Parse(fields[c], CultureInfo.InvariantCulture);
            int p = row * KeypointSchema.PixelCount;
            foreach (var grey in fields[width].Split(' ')) pixels[p++] = byte.Parse(grey, CultureInfo.InvariantCulture) / 255f;
        }
        return new FaceSet(pixels, targets, Enumerable.Range(1, rows).ToArray(), Enumerable.Range(0, width).ToArray());
    }

    private static string DataFolder()
    {
        var configured = Environment.GetEnvironmentVariable("KG_DATA_DIR");
        if (!string.IsNullOrEmpty(configured) && Directory.Exists(Path.Combine(configured, "fkd"))) return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(Path.Combine(candidate, "fkd"))) return candidate;
        }
        throw new SkipException("Shared data (shared/data/fkd beside the repository, or KG_DATA_DIR) is not present.");
    }
}
