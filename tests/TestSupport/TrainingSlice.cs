using System.IO.Compression;

namespace KeypointGrains.TestSupport;

/// <summary>The header and first rows of the shared training.csv.gz as a plain CSV, for kg to read like any training file.</summary>
public static class TrainingSlice
{
    public static string Write(string folder, int rows)
    {
        var path = Path.Combine(folder, $"training-{rows}.csv");
        using var source = new StreamReader(new GZipStream(File.OpenRead(TestData.Fkd("training.csv.gz")), CompressionMode.Decompress));
        using var slice = new StreamWriter(path);
        for (int line = 0; line <= rows && source.ReadLine() is { } text; line++) slice.WriteLine(text);
        return path;
    }
}
