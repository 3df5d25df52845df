using System.Diagnostics;
using KeypointGrains.Client.Processes;

namespace KeypointGrains.Cluster.Tests.Support;

/// <summary>kg as a user runs it (the built program, in a process of its own): its exit code and all it printed.</summary>
public static class KgProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Debug|Release>/net10.0
        var kg = Path.Combine(Checkout.Root, "src", "Client", "bin", configuration, "net10.0", "kg.dll");
        using var folder = new TemporaryFolder();
        var start = new ProcessStartInfo("dotnet", [kg, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder.Path,
        };
        start.Environment["KG_HUGE_PAGES"] = "0";
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await output + await error);
    }
}
