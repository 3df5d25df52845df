using System.Globalization;
using System.Text;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Storage;

namespace KeypointGrains.Keypoints.Evaluation;

/// <summary>
/// Writes a Kaggle submission: <c>RowId,Location</c> for exactly the rows of an IdLookupTable, in its order, each
/// location clamped to the image (0..96) because a coordinate outside it can only be further from the truth.
/// </summary>
public static class SubmissionWriter
{
    /// <param name="location">The predicted coordinate (pixels) of schema column <c>column</c> for test image <c>imageId</c>.</param>
    public static void Write(string path, IReadOnlyList<IdLookupRow> rows, Func<int, int, float> location)
    {
        var values = new float[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            values[i] = location(rows[i].ImageId, rows[i].Column);
            if (float.IsNaN(values[i]))
                throw new ArgumentException($"No prediction (NaN) for RowId {rows[i].RowId}: {rows[i].FeatureName} of ImageId {rows[i].ImageId}.", nameof(location));
        }
        AtomicFile.Write(path, stream =>
        {
            using var text = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
            text.WriteLine("RowId,Location");
            for (int i = 0; i < rows.Count; i++)
            {
                float clamped = Math.Clamp(values[i], 0f, KeypointSchema.ImageSize);
                text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows[i].RowId},{clamped}"));
            }
        });
    }

    /// <param name="predictions">imageIds.Length * 30 values in pixels, schema column order (as <see cref="PredictionsCsvWriter"/> takes).</param>
    public static void Write(string path, IReadOnlyList<IdLookupRow> rows, int[] imageIds, float[] predictions)
    {
        PredictionsCsvWriter.RequireAllColumns(imageIds, predictions);
        int columns = KeypointSchema.ColumnCount;
        var position = new Dictionary<int, int>();
        for (int i = 0; i < imageIds.Length; i++) position.TryAdd(imageIds[i], i);
        Write(path, rows, (imageId, column) => position.TryGetValue(imageId, out int image)
            ? predictions[image * columns + column]
            : throw new ArgumentException($"The lookup table asks for ImageId {imageId}, which has no predictions.", nameof(imageIds)));
    }
}
