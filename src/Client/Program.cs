using KeypointGrains.Client.Commands;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Performance;
using Spectre.Console;
using Spectre.Console.Cli;

HugePageRelaunch.EnsureHugePages();

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C asks for a clean stop (finish the epoch, save); a second one kills.
    if (stop.IsCancellationRequested) return;
    e.Cancel = true;
    stop.Cancel();
    Console.Error.WriteLine("Stopping after this epoch; press Ctrl+C again to abort.");
};

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("kg");
    config.PropagateExceptions();
    config.AddCommand<TrainCommand>("train").WithDescription("Train one model on one machine.");
    config.AddCommand<EvaluateCommand>("evaluate").WithDescription("RMSE of a trained model on a labelled file.");
    config.AddCommand<PredictCommand>("predict").WithDescription("Predict the 30 coordinates for a test file.");
    config.AddCommand<SubmitCommand>("submit").WithDescription("Write a Kaggle submission for an IdLookupTable.");
    config.AddCommand<BenchCommand>("bench").WithDescription("Measure training or inference throughput (key=value lines).");
});

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
