using System.Text;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Data;

/// <summary>
/// Kaggle's IdLookupTable.csv (<c>RowId,ImageId,FeatureName,Location</c>, Location empty): which coordinates of which
/// test images a submission must give, in the order it must give them.
/// </summary>
public static class IdLookupTable
{
    private static readonly string[] Header = ["RowId", "ImageId", "FeatureName", "Location"];

    public static IReadOnlyList<IdLookupRow> Read(string path)
    {
        var blocks = KaggleFile.Read(path, stream => CsvBlockReader.Read<LookupRows>(stream, path, headerLine =>
        {
            var (header, positions) = CsvHeader.Require(path, headerLine, Header);
            return block => ParseBlock(block, header, positions);
        }));
        CsvHeader.RequireUnique(path, Header[0], blocks.SelectMany(b => b.Rows.Select(r => r.RowId).Zip(b.Lines)));
        return blocks.SelectMany(b => b.Rows).ToArray();
    }

    private sealed record LookupRows(List<IdLookupRow> Rows, List<int> Lines) : IRowBlock
    {
        public int Count => Rows.Count;
    }

    private static LookupRows ParseBlock(CsvBlock block, CsvHeader header, int[] positions)
    {
        var parsed = new LookupRows([], []);
        block.ForEachLine((line, number) =>
        {
            Span<Range> fields = stackalloc Range[header.Count];
            header.Split(line, number, fields);
            int rowId = header.Id(line[fields[positions[0]]], number, positions[0]);
            int imageId = header.Id(line[fields[positions[1]]], number, positions[1]);
            var feature = line[fields[positions[2]]];
            int column = KeypointSchema.ColumnIndex(Encoding.UTF8.GetString(feature));
            if (column < 0)
                throw header.Error(number, positions[2], $"unknown feature name {CsvHeader.Quote(feature)}; expected one of the 30 keypoint columns.");
            parsed.Rows.Add(new IdLookupRow(rowId, imageId, column));
            parsed.Lines.Add(number);
        });
        return parsed;
    }
}
