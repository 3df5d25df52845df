using System.Globalization;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Tests.Data;

/// <summary>Small, valid Kaggle-format CSV text to write to files and then break on purpose.</summary>
internal static class KaggleText
{
    public static readonly string TrainingHeader = string.Join(",", KeypointSchema.Columns) + ",Image";

    /// <summary>A training line: keypoints 10 + row % 50 + column/2 (every third missing), grey levels (row * 7 + pixel) % 256.</summary>
    public static string TrainingLine(int row) =>
        string.Join(",", Enumerable.Range(0, 30).Select(c => c % 3 == 2 ? "" : (10 + row % 50 + c / 2.0).ToString(CultureInfo.InvariantCulture)))
        + "," + Pixels(row);

    public static string Pixels(int row, int count = KeypointSchema.PixelCount) =>
        string.Join(" ", Enumerable.Range(0, count).Select(p => (row * 7 + p) % 256));

    public static string Training(int rows) =>
        string.Join("\n", [TrainingHeader, .. Enumerable.Range(0, rows).Select(TrainingLine)]) + "\n";

    public static string Test(int rows) =>
        string.Join("\n", ["ImageId,Image", .. Enumerable.Range(1, rows).Select(id => $"{id},{Pixels(id)}")]) + "\n";
}
