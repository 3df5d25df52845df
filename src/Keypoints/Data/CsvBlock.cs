namespace KeypointGrains.Keypoints.Data;

/// <summary>Whole lines of a CSV file: <see cref="Text"/> starts at line <see cref="FirstLine"/> (1-based).</summary>
internal sealed record CsvBlock(int Index, byte[] Buffer, int Length, int FirstLine)
{
    public ReadOnlySpan<byte> Text => Buffer.AsSpan(0, Length);

    /// <summary>
    /// Calls <paramref name="parse"/> for each non-empty line (without its line break). Empty lines carry no data,
    /// so they are passed over, as most CSV readers do; a trailing newline at the end of a file is common.
    /// </summary>
    public void ForEachLine(LineParser parse)
    {
        var rest = Text;
        for (int number = FirstLine; !rest.IsEmpty; number++)
        {
            int end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (line.EndsWith((byte)'\r')) line = line[..^1];
            if (!line.IsEmpty) parse(line, number);
        }
    }

    public int CountLines()
    {
        int lines = 0;
        ForEachLine((_, _) => lines++);
        return lines;
    }
}

internal delegate void LineParser(ReadOnlySpan<byte> line, int number);
