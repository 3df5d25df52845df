using System.Globalization;
using System.IO.Compression;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Tests.Training;

/// <summary>
/// Test-only: the first rows of the shared fkd training.csv.gz, parsed just enough for training tests (the real,
/// validating reader lives in Data/). Skips the test when the shared data is not beside the repository.
/// </summary>
internal static class FkdSlice
{
    public static FaceSet Load(int rows)
    {
        var path = TestData.Fkd("training.csv.gz");
        using var text = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        text.ReadLine();
        var pixels = new float[rows * KeypointSchema.PixelCount];
        var targets = new float[rows * KeypointSchema.ColumnCount];
        int row = 0;
        for (; row < rows && text.ReadLine() is { } line; row++)
        {
            var fields = line.Split(',');
            for (int c = 0; c < KeypointSchema.ColumnCount; c++)
                targets[row * KeypointSchema.ColumnCount + c] =
                    fields[c].Length == 0 ? float.NaN : float.Parse(fields[c], CultureInfo.InvariantCulture);
            var grey = fields[KeypointSchema.ColumnCount].Split(' ');
            for (int p = 0; p < KeypointSchema.PixelCount; p++)
                pixels[row * KeypointSchema.PixelCount + p] = byte.Parse(grey[p], CultureInfo.InvariantCulture) / 255f;
        }
        if (row < rows) throw new InvalidDataException($"{path} has only {row} rows.");
        return new FaceSet(pixels, targets, Enumerable.Range(1, rows).ToArray(), Enumerable.Range(0, KeypointSchema.ColumnCount).ToArray());
    }
}
