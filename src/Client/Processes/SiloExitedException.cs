namespace KeypointGrains.Client.Processes;

/// <summary>A silo process that ended before it was ready; its message is the silo's own last error line.</summary>
public sealed class SiloExitedException(int exitCode, IReadOnlyList<string> errors)
    : InvalidOperationException($"The silo exited with code {exitCode} before it was ready: {errors.LastOrDefault() ?? "no error output"}")
{
    public int ExitCode { get; } = exitCode;

    /// <summary>What the silo wrote to stderr.</summary>
    public IReadOnlyList<string> Errors { get; } = errors;
}
