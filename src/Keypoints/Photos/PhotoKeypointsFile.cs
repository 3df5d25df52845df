using System.Globalization;
using System.Text;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Storage;

namespace KeypointGrains.Keypoints.Photos;

/// <summary>One photo's 30 coordinates in its own pixels (NaN where no face was found).</summary>
public sealed record PhotoKeypoints(string Image, float[] Coordinates);

/// <summary>
/// Keypoints of whole photos: <c>Image</c> (the file name) then the 30 schema columns in photo pixels, one row per photo;
/// empty fields where a photo has no face.
/// </summary>
public static class PhotoKeypointsFile
{
    public const string ImageColumn = "Image";

    public static IReadOnlyList<PhotoKeypoints> Read(string path)
    {
        var rows = new List<PhotoKeypoints>();
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.Split(',') ?? throw new DataFormatException(path, 1, null, "the file is empty");
        string[] expected = [ImageColumn, .. KeypointSchema.Columns];
        if (!header.SequenceEqual(expected))
            throw new DataFormatException(path, 1, null, $"the header is not {ImageColumn} and the 30 keypoint columns in Kaggle's order");
        int line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0) continue;
            var fields = text.Split(',');
            if (fields.Length != expected.Length)
                throw new DataFormatException(path, line, null, $"{fields.Length} fields, not {expected.Length}");
            var values = new float[KeypointSchema.ColumnCount];
            for (int c = 0; c < values.Length; c++)
            {
                var field = fields[c + 1];
                if (field.Length == 0) values[c] = float.NaN;
                else if (!float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out values[c]))
                    throw new DataFormatException(path, line, KeypointSchema.Columns[c], $"'{field}' is not a number");
            }
            rows.Add(new PhotoKeypoints(fields[0], values));
        }
        return rows;
    }

    public static void Write(string path, IEnumerable<PhotoKeypoints> rows) => AtomicFile.Write(path, stream =>
    {
        using var text = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        text.WriteLine(string.Join(",", [ImageColumn, .. KeypointSchema.Columns]));
        var row = new StringBuilder();
        foreach (var photo in rows)
        {
            row.Clear().Append(photo.Image);
            foreach (var value in photo.Coordinates)
                row.Append(',').Append(float.IsNaN(value) ? "" : value.ToString("0.###", CultureInfo.InvariantCulture));
            text.WriteLine(row);
        }
    });
}
