using System.Globalization;
using System.Text;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Storage;

namespace KeypointGrains.Keypoints.Evaluation;

/// <summary>
/// Writes predicted keypoints as <c>ImageId</c> + the 30 schema columns (training.csv's column names), one row per
/// image; a NaN prediction is written as an empty field, Kaggle's way of saying "missing".
/// </summary>
public static class PredictionsCsvWriter
{
    /// <param name="predictions">imageIds.Length * 30 values in pixels, schema column order.</param>
    public static void Write(string path, int[] imageIds, float[] predictions)
    {
        RequireAllColumns(imageIds, predictions);
        int columns = KeypointSchema.ColumnCount;
        AtomicFile.Write(path, stream =>
        {
            using var text = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
            text.WriteLine(string.Join(",", [KaggleCsvReader.ImageIdColumn, .. KeypointSchema.Columns]));
            var row = new StringBuilder();
            for (int image = 0; image < imageIds.Length; image++)
            {
                row.Clear().Append(imageIds[image].ToString(CultureInfo.InvariantCulture));
                foreach (var value in predictions.AsSpan(image * columns, columns))
                    row.Append(',').Append(float.IsNaN(value) ? "" : value.ToString(CultureInfo.InvariantCulture));
                text.WriteLine(row);
            }
        });
    }

    /// <summary>Checks that <paramref name="predictions"/> holds the 30 schema columns for each of <paramref name="imageIds"/>.</summary>
    internal static void RequireAllColumns(int[] imageIds, float[] predictions)
    {
        int expected = imageIds.Length * KeypointSchema.ColumnCount;
        if (predictions.Length != expected)
            throw new ArgumentException(
                $"Expected {imageIds.Length} x {KeypointSchema.ColumnCount} = {expected} predictions, got {predictions.Length}.", nameof(predictions));
    }
}
