namespace KeypointGrains.Keypoints.Data;

/// <summary>
/// A data file that does not hold what it should. The message names the file, the 1-based line (the header is line 1)
/// and the column or field, so that a user can open the file and find the fault.
/// </summary>
public sealed class DataFormatException(string file, int? line, string? field, string problem)
    : Exception(Describe(file, line, field, problem))
{
    public string File { get; } = file;

    /// <summary>1-based line number (header = 1); null when the fault is in the file as a whole (e.g. an archive).</summary>
    public int? Line { get; } = line;

    /// <summary>The column (by header name) or field at fault; null when the whole line is.</summary>
    public string? Field { get; } = field;

    public string Problem { get; } = problem;

    private static string Describe(string file, int? line, string? field, string problem) =>
        file + (line is { } l ? $", line {l}" : "") + (field is null ? "" : $", {field}") + ": " + problem;
}
