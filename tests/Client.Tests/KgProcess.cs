using System.Diagnostics;

namespace KeypointGrains.Client.Tests;

/// <summary>kg as a user runs it: the built program in a process of its own, its exit code and both output streams.</summary>
internal static class KgProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
    }

    public static Task<Result> RunAsync(string workingDirectory, params string[] arguments) =>
        RunAsync(new ProcessStartInfo("dotnet", [Program, .. arguments]), workingDirectory);

    /// <summary>
    /// kg on a machine without fonts, as a headless server is: in a mount namespace of its own, where the system font
    /// folder is empty. Skips the test where namespaces cannot be made (not root, or no unshare).
    /// </summary>
    public static async Task<Result> RunWithoutSystemFontsAsync(string workingDirectory, params string[] arguments)
    {
        var empty = Directory.CreateDirectory(Path.Combine(workingDirectory, "no-fonts")).FullName;
        var probe = await RunAsync(new ProcessStartInfo("unshare", ["-m", "mount", "--bind", empty, SystemFonts]), workingDirectory);
        Skip.If(probe.ExitCode != 0, $"Cannot hide {SystemFonts} in a private mount namespace here: {probe.Error.Trim()}");
        return await RunAsync(new ProcessStartInfo("unshare",
            ["-m", "sh", "-c", $"mount --bind \"$0\" {SystemFonts} && exec dotnet \"$@\"", empty, Program, .. arguments]), workingDirectory);
    }

    /// <summary>kg with an empty PATH: no tool it would start (ip, node) is found.</summary>
    public static Task<Result> RunWithEmptyPathAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [Program, .. arguments]);
        start.Environment["PATH"] = Directory.CreateDirectory(Path.Combine(workingDirectory, "empty-path")).FullName;
        return RunAsync(start, workingDirectory);
    }

    private const string SystemFonts = "/usr/share/fonts";

    private static string Program =>
        Path.Combine(RepositoryRoot.Path, "src", "Client", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "kg.dll");

    private static async Task<Result> RunAsync(ProcessStartInfo start, string workingDirectory)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = workingDirectory;
        start.Environment["KG_HUGE_PAGES"] = "0";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return new Result(process.ExitCode, await output, await error);
    }
}
