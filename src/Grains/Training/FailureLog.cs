using KeypointGrains.Grains.Diagnostics;

namespace KeypointGrains.Grains.Training;

/// <summary>
/// Where this silo writes its log (a file; null = wherever its host sends it): a failed model's status gets one line
/// naming this place, and the full trace goes there.
/// </summary>
public sealed record FailureLog(string? File)
{
    /// <summary>The exception as one line, and where its trace is.</summary>
    public string Summarise(Exception error, string silo) =>
        $"{ExceptionText.OneLine(error)} (full trace in {File ?? $"the log of silo {silo}"})";
}
