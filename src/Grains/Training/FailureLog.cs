namespace KeypointGrains.Grains.Training;

/// <summary>
/// Where this silo writes its log (a file; null = wherever its host sends it): a failed model's status gets one line
/// naming this place, and the full trace goes there.
/// </summary>
public sealed record FailureLog(string? File)
{
    /// <summary>The exception as one line: its type and the first line of its message, cut to a readable length.</summary>
    public string Summarise(Exception error, string silo)
    {
        var innermost = error;
        while (innermost is AggregateException { InnerException: { } inner }) innermost = inner;
        var firstLine = innermost.Message.Split('\n', 2)[0].Trim();
        if (firstLine.Length > 160) firstLine = firstLine[..157] + "...";
        return $"{innermost.GetType().Name}: {firstLine} (full trace in {File ?? $"the log of silo {silo}"})";
    }
}
