using System.Globalization;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Data;

/// <summary>
/// Reads Kaggle's training.csv (30 keypoint columns + Image) and test.csv (ImageId + Image), plain, .gz or .zip.
/// Every fault is a <see cref="DataFormatException"/> naming file, line and column; nothing is skipped silently.
/// </summary>
public static class KaggleCsvReader
{
    public const string ImageColumn = "Image";
    public const string ImageIdColumn = "ImageId";

    /// <summary>Training faces with all 30 columns as targets (NaN = missing); Ids are the 1-based data row numbers.</summary>
    public static FaceSet ReadTraining(string path)
    {
        var blocks = KaggleFile.Read(path, stream => CsvBlockReader.Read<TrainingRows>(stream, path, headerLine =>
        {
            var (header, positions) = CsvHeader.Require(path, headerLine, [.. KeypointSchema.Columns, ImageColumn]);
            return block => ParseTrainingBlock(block, header, positions);
        }));
        int count = blocks.Sum(b => b.Count);
        return new FaceSet(
            ImageField.ToPixels(blocks.Select(b => b.Grey).ToArray()),
            Concat(blocks.Select(b => b.Targets), count * KeypointSchema.ColumnCount),
            Enumerable.Range(1, count).ToArray(),
            Enumerable.Range(0, KeypointSchema.ColumnCount).ToArray());
    }

    /// <summary>Test faces: Ids are Kaggle's ImageIds, no targets (<see cref="FaceSet.Columns"/> is empty).</summary>
    public static FaceSet ReadTest(string path)
    {
        var blocks = KaggleFile.Read(path, stream => CsvBlockReader.Read<TestRows>(stream, path, headerLine =>
        {
            var (header, positions) = CsvHeader.Require(path, headerLine, [ImageIdColumn, ImageColumn]);
            return block => ParseTestBlock(block, header, positions);
        }));
        int count = blocks.Sum(b => b.Count);
        var ids = Concat(blocks.Select(b => b.Ids), count);
        CsvHeader.RequireUnique(path, ImageIdColumn, ids.Zip(Concat(blocks.Select(b => b.Lines), count)));
        return new FaceSet(ImageField.ToPixels(blocks.Select(b => b.Grey).ToArray()), [], ids, []);
    }

    private sealed record TrainingRows(byte[] Grey, float[] Targets, int Count) : IRowBlock;

    private sealed record TestRows(byte[] Grey, int[] Ids, int[] Lines, int Count) : IRowBlock;

    private static TrainingRows ParseTrainingBlock(CsvBlock block, CsvHeader header, int[] positions)
    {
        int rows = block.CountLines(), row = 0, columns = KeypointSchema.ColumnCount;
        var grey = GC.AllocateUninitializedArray<byte>(rows * KeypointSchema.PixelCount); // every byte is parsed or the block fails
        var targets = new float[rows * columns];
        block.ForEachLine((line, number) =>
        {
            Span<Range> fields = stackalloc Range[header.Count];
            header.Split(line, number, fields);
            for (int c = 0; c < columns; c++)
                targets[row * columns + c] = ParseKeypoint(line[fields[positions[c]]], header, number, positions[c]);
            ImageField.Parse(line[fields[positions[columns]]], grey.AsSpan(row * KeypointSchema.PixelCount, KeypointSchema.PixelCount),
                header, number, positions[columns]);
            row++;
        });
        return new TrainingRows(grey, targets, rows);
    }

    private static TestRows ParseTestBlock(CsvBlock block, CsvHeader header, int[] positions)
    {
        int rows = block.CountLines(), row = 0;
        var grey = GC.AllocateUninitializedArray<byte>(rows * KeypointSchema.PixelCount); // every byte is parsed or the block fails
        var ids = new int[rows];
        var lines = new int[rows];
        block.ForEachLine((line, number) =>
        {
            Span<Range> fields = stackalloc Range[header.Count];
            header.Split(line, number, fields);
            ids[row] = header.Id(line[fields[positions[0]]], number, positions[0]);
            ImageField.Parse(line[fields[positions[1]]], grey.AsSpan(row * KeypointSchema.PixelCount, KeypointSchema.PixelCount),
                header, number, positions[1]);
            lines[row++] = number;
        });
        return new TestRows(grey, ids, lines, rows);
    }

    /// <summary>A keypoint coordinate in pixels; an empty field is a missing keypoint (NaN), as in Kaggle's files.</summary>
    private static float ParseKeypoint(ReadOnlySpan<byte> field, CsvHeader header, int line, int position)
    {
        if (field.IsEmpty) return float.NaN;
        if (!float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
            throw header.Error(line, position, $"{CsvHeader.Quote(field)} is not a number.");
        if (value is < 0 or > KeypointSchema.ImageSize)
            throw header.Error(line, position, $"{CsvHeader.Quote(field)} is outside the image (0..{KeypointSchema.ImageSize}).");
        return value;
    }

    private static T[] Concat<T>(IEnumerable<T[]> parts, int length)
    {
        var all = new T[length];
        int offset = 0;
        foreach (var part in parts)
        {
            part.CopyTo(all, offset);
            offset += part.Length;
        }
        return all;
    }
}
