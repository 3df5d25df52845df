using System.Globalization;
using System.IO.Compression;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Tests.Augment;

/// <summary>
/// Test-only reader for the shared training.csv.gz (Kaggle layout): found via KG_DATA_DIR (the folder holding fkd/) or by
/// walking up from the test binaries to a folder that has shared/data/fkd beside the repository.
/// </summary>
internal static class RealFaces
{
    public static string? TrainingFile()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("KG_DATA_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment))
            return Existing(Path.Combine(fromEnvironment, "fkd", "training.csv.gz"));
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (Existing(Path.Combine(folder.FullName, "shared", "data", "fkd", "training.csv.gz")) is { } path)
                return path;
        return null;
    }

    public static FaceSet Read(string path, int maxRows)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var header = reader.ReadLine()?.Split(',') ?? throw new InvalidDataException($"{path}: empty file.");
        if (header.Length != KeypointSchema.ColumnCount + 1 || header[^1] != "Image")
            throw new InvalidDataException($"{path}, line 1: expected the 30 keypoint columns then Image.");
        var pixels = new List<float>();
        var targets = new List<float>();
        int rows = 0;
        for (string? line; rows < maxRows && (line = reader.ReadLine()) is not null; rows++)
        {
            int lineNumber = rows + 2, start = 0;
            for (int column = 0; column < KeypointSchema.ColumnCount; column++)
            {
                int comma = line.IndexOf(',', start);
                if (comma < 0) throw new InvalidDataException($"{path}, line {lineNumber}: only {column} of 31 fields.");
                var field = line.AsSpan(start, comma - start);
                targets.Add(field.IsEmpty ? float.NaN
                    : float.TryParse(field, CultureInfo.InvariantCulture, out var value) ? value
                    : throw new InvalidDataException($"{path}, line {lineNumber}, column {header[column]}: '{field}' is not a number."));
                start = comma + 1;
            }
            int before = pixels.Count;
            foreach (var range in line.AsSpan(start).Split(' '))
                pixels.Add(byte.TryParse(line.AsSpan(start)[range], out var grey) ? grey / 255f
                    : throw new InvalidDataException($"{path}, line {lineNumber}, column Image: pixel {pixels.Count - before} is not 0..255."));
            if (pixels.Count - before != KeypointSchema.PixelCount)
                throw new InvalidDataException($"{path}, line {lineNumber}, column Image: {pixels.Count - before} pixels, not {KeypointSchema.PixelCount}.");
        }
        return new FaceSet([.. pixels], [.. targets], [.. Enumerable.Range(1, rows)], [.. Enumerable.Range(0, KeypointSchema.ColumnCount)]);
    }

    private static string? Existing(string path) => File.Exists(path) ? path : null;
}
