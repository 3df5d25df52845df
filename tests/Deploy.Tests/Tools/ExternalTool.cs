using System.Diagnostics;

namespace KeypointGrains.Deploy.Tests.Tools;

/// <summary>A command-line validator (promtool, kubectl) found on PATH and run to completion.</summary>
public sealed record ExternalTool(string Path)
{
    public static ExternalTool? Find(string name) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator)
            .Where(folder => folder.Length > 0)
            .Select(folder => System.IO.Path.Combine(folder, name))
            .Where(File.Exists)
            .Select(path => new ExternalTool(path))
            .FirstOrDefault();

    public (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Path}.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        // A validator that hangs is a failure, not a reason to hang the test run.
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path} {string.Join(' ', arguments)} did not finish in 2 minutes.");
        }
        return (process.ExitCode, output + error.Result);
    }
}
