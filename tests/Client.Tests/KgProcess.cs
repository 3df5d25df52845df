using System.Diagnostics;

namespace KeypointGrains.Client.Tests;

/// <summary>kg as a user runs it: the built program in a process of its own, its exit code and both output streams.</summary>
internal static class KgProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
    }

    public static async Task<Result> RunAsync(string workingDirectory, params string[] arguments)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Debug|Release>/net10.0
        var kg = Path.Combine(RepositoryRoot.Path, "src", "Client", "bin", configuration, "net10.0", "kg.dll");
        var start = new ProcessStartInfo("dotnet", [kg, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        start.Environment["KG_HUGE_PAGES"] = "0";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return new Result(process.ExitCode, await output, await error);
    }
}
