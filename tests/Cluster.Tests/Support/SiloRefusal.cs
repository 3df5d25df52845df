using KeypointGrains.Client.Load;

namespace KeypointGrains.Cluster.Tests.Support;

/// <summary>A silo host that is meant to refuse to start.</summary>
public static class SiloRefusal
{
    /// <summary>Its exit code and what it wrote to stderr; fails the test with its log if it becomes ready instead.</summary>
    public static async Task<(int ExitCode, IReadOnlyList<string> Errors)> Of(IEnumerable<string> arguments, TimeSpan limit)
    {
        try
        {
            using var silo = await SiloProcess.StartAsync(SiloProcess.BuiltHost()!, arguments, limit);
            throw new InvalidOperationException($"The silo started instead of refusing:\n{silo.Log}");
        }
        catch (SiloExitedException exited)
        {
            return (exited.ExitCode, exited.Errors);
        }
    }
}
