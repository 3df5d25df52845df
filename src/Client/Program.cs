using KeypointGrains.Client;
using KeypointGrains.Client.Commands;
using KeypointGrains.Hosting.Process;
using KeypointGrains.Keypoints.Data;
using Spectre.Console;
using Spectre.Console.Cli;

HugePageRelaunch.EnsureHugePages();
NativeMemoryTuning.Apply();

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C asks for a clean stop (finish the epoch, save); a second one kills.
    if (stop.IsCancellationRequested) return;
    e.Cancel = true;
    stop.Cancel();
    Console.Error.WriteLine("Stopping after this epoch; press Ctrl+C again to abort.");
};

var app = KgApp.Create();

try
{
    return await app.RunAsync(args, stop.Token);
}
catch (Exception error) when (error is UsageException or CommandParseException or CommandRuntimeException)
{
    AnsiConsole.MarkupLineInterpolated($"[red]{error.Message}[/]");
    return 2;
}
catch (Exception error) when (error is DataFormatException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException)
{
    AnsiConsole.MarkupLineInterpolated($"[red]{error.Message}[/]");
    return 1;
}
