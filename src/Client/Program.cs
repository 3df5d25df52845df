using KeypointGrains.Client;
using KeypointGrains.Client.Commands;
using KeypointGrains.Hosting.Process;
using Spectre.Console;
using Spectre.Console.Cli;

HugePageRelaunch.EnsureHugePages();
NativeMemoryTuning.Apply();

// Piped into a file or a log, lines stay whole instead of wrapping at 80 columns.
if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 200;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C asks for a clean stop (finish the epoch, save); a second one kills.
    if (stop.IsCancellationRequested) return;
    e.Cancel = true;
    stop.Cancel();
    Console.Error.WriteLine("Stopping after this epoch; press Ctrl+C again to abort.");
};

try
{
    return await KgApp.RunAsync(args, stop.Token);
}
catch (Exception error)
{
    // Every error is one line on stderr; the stack trace only when asked for (or in the silo's log).
    bool usage = error is UsageException or CommandParseException or CommandRuntimeException;
    Console.Error.WriteLine($"kg: {ErrorLine.Of(error)}");
    if (args.Contains("--verbose")) Console.Error.WriteLine(error);
    return usage ? 2 : 1;
}
