using System.Globalization;
using System.Text;

namespace KeypointGrains.Keypoints.Data;

/// <summary>
/// The header line of a CSV file: maps the columns a reader needs to their positions (any order, names exact) and
/// splits data lines into fields, naming the column in every error.
/// </summary>
internal sealed class CsvHeader
{
    private readonly string file;
    private readonly string[] names;

    private CsvHeader(string file, string[] names) => (this.file, this.names) = (file, names);

    public int Count => names.Length;

    /// <summary>
    /// Reads the header and checks that it names exactly <paramref name="expected"/> once each; returns the header and,
    /// for each expected name, the position of its column.
    /// </summary>
    public static (CsvHeader Header, int[] Positions) Require(string file, ReadOnlySpan<byte> line, IReadOnlyList<string> expected)
    {
        var names = Encoding.UTF8.GetString(line).Split(',');
        var header = new CsvHeader(file, names);
        var positions = new int[expected.Count];
        for (int e = 0; e < expected.Count; e++)
        {
            positions[e] = Array.IndexOf(names, expected[e]);
            if (positions[e] < 0)
                throw new DataFormatException(file, 1, $"column '{expected[e]}'", $"the header lacks column '{expected[e]}'; expected {Listing(expected)}.");
        }
        for (int i = 0; i < names.Length; i++)
        {
            if (!expected.Contains(names[i]))
                throw header.Error(1, i, $"unknown column '{names[i]}'; expected {Listing(expected)}.");
            if (Array.IndexOf(names, names[i]) != i)
                throw header.Error(1, i, $"column '{names[i]}' appears twice.");
        }
        return (header, positions);
    }

    /// <summary>Splits <paramref name="line"/> into exactly one field per header column (ranges into the line).</summary>
    public void Split(ReadOnlySpan<byte> line, int lineNumber, Span<Range> fields)
    {
        int start = 0;
        for (int i = 0; i < names.Length; i++)
        {
            int comma = line[start..].IndexOf((byte)',');
            bool last = i == names.Length - 1;
            if (comma < 0 && !last)
                throw Error(lineNumber, i + 1, $"the line has {i + 1} columns, the header {names.Length}; '{names[i + 1]}' and after are missing.");
            if (comma >= 0 && last)
                throw new DataFormatException(file, lineNumber, $"column {names.Length + 1}",
                    $"the line has {line.Count((byte)',') + 1} columns, the header only {names.Length}.");
            int end = comma < 0 ? line.Length : start + comma;
            fields[i] = start..end;
            start = end + 1;
        }
    }

    /// <summary>An error in the column at <paramref name="position"/>, named as the header names it.</summary>
    public DataFormatException Error(int lineNumber, int position, string problem, string? detail = null) =>
        new(file, lineNumber, $"column '{names[position]}' (column {position + 1}{detail})", problem);

    /// <summary>An id field: a whole number from 1 up, as Kaggle numbers rows and images.</summary>
    public int Id(ReadOnlySpan<byte> field, int lineNumber, int position) =>
        int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out int id) && id > 0
            ? id
            : throw Error(lineNumber, position, $"{Quote(field)} is not an id (a whole number from 1 up).");

    /// <summary>Fails at the second line that repeats an id (a RowId, an ImageId) of column <paramref name="column"/>.</summary>
    public static void RequireUnique(string file, string column, IEnumerable<(int Id, int Line)> ids)
    {
        var firstLine = new Dictionary<int, int>();
        foreach (var (id, line) in ids)
            if (!firstLine.TryAdd(id, line))
                throw new DataFormatException(file, line, $"column '{column}'", $"{column} {id} appears again (first on line {firstLine[id]}).");
    }

    /// <summary>The field's text for an error message, cut short so a 9216-pixel field does not flood it.</summary>
    public static string Quote(ReadOnlySpan<byte> field) =>
        "'" + (field.Length <= 24 ? Encoding.UTF8.GetString(field) : Encoding.UTF8.GetString(field[..24]) + "…") + "'";

    private static string Listing(IReadOnlyList<string> names) =>
        names.Count <= 4 ? string.Join(",", names) : $"{names.Count} columns: {string.Join(",", names)}";
}
