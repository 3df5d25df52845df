using Spectre.Console;

namespace KeypointGrains.Client.Commands;

/// <summary>A live bar per run of a study (kg augment-study, kg ablation-study), moved by the runs' epochs.</summary>
public static class StudyProgress
{
    /// <summary>
    /// Runs <paramref name="study"/> off the console thread with a bar for each of <paramref name="runs"/>; the study
    /// reports each epoch with its run's name. Null when it was cancelled.
    /// </summary>
    public static async Task<T?> RunAsync<T>(IReadOnlyList<string> runs, int epochs,
        Func<Action<string, Keypoints.Training.EpochResult>, T> study) where T : class
    {
        T? result = null;
        try
        {
            await AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var bars = runs.ToDictionary(run => run, run => progress.AddTask(run, autoStart: false, maxValue: epochs));
                    result = await Task.Run(() => study((run, epoch) =>
                    {
                        var bar = bars[run];
                        if (!bar.IsStarted) bar.StartTask();
                        bar.Value = epoch.Epoch;
                        bar.Description = FormattableString.Invariant(
                            $"{run,-14} epoch {epoch.Epoch,3}  val {epoch.ValidationLoss:F5}  RMSE {epoch.ValidationRmsePixels:F2} px  {epoch.ImagesPerSecond:F0} img/s");
                    }), CancellationToken.None);
                });
        }
        catch (OperationCanceledException)
        {
            AnsiConsole.MarkupLine("[yellow]Stopped by request[/]; no study was written.");
        }
        return result;
    }
}
