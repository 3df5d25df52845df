namespace KeypointGrains.Grains.Diagnostics;

public static class ExceptionText
{
    /// <summary>
    /// The innermost cause as one line: its type and the first line of its message, cut to a readable length (Orleans
    /// puts whole traces in the messages of the exceptions it wraps).
    /// </summary>
    public static string OneLine(Exception error)
    {
        var innermost = error;
        while (innermost is AggregateException or OrleansException && innermost.InnerException is { } inner) innermost = inner;
        var firstLine = innermost.Message.Split('\n', 2)[0].Trim();
        if (firstLine.Length > 160) firstLine = firstLine[..157] + "...";
        return $"{innermost.GetType().Name}: {firstLine}";
    }
}
