using System.Globalization;
using KeypointGrains.Client.Configuration;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

/// <summary>
/// kg ablation-study: a preset's whole-face model with its full recipe and with each change to the seed's recipe undone
/// (network, optimizer and schedule, every row, augmentation, training flips, flip averaging), written to
/// ablation-study.json for kg report. Meant for a GPU: every run trains as long as the preset's baseline.
/// </summary>
public sealed class AblationStudyCommand : AsyncCommand<AblationStudySettings>
{
    private const string Section = "ablation-study";

    public override async Task<int> ExecuteAsync(CommandContext context, AblationStudySettings settings, CancellationToken cancellation)
    {
        var config = KgConfiguration.Load(settings.ConfigFile);
        var data = TrainingDataOption.Resolve(config, settings.Data, Section);
        var preset = TrainingPresets.Resolve(config.Resolve(settings.Preset, Section, "preset", TrainingPresets.Best));
        var epochs = config.Resolve(settings.Epochs, Section, "epochs", preset.Recipe.MaxEpochs);
        if (epochs < 1) throw new UsageException($"--epochs must be at least 1, not {epochs}.");
        var output = config.Resolve(settings.Out, Section, "out", Path.Combine("runs", "ablation-study"));
        // Every run lasts the same epochs (no early stopping), the preset's warm-up shortened in proportion.
        preset = preset with
        {
            Recipe = preset.Recipe with
            {
                MaxEpochs = epochs, Patience = epochs,
                WarmupEpochs = preset.Recipe.WarmupEpochs * epochs / preset.Recipe.MaxEpochs,
            },
        };

        var study = AnsiConsole.Status().Start($"Reading {data}", _ => new AblationStudy(Path.GetFullPath(data), KaggleCsvReader.ReadTraining(data), preset,
            new TrainerSetup { Device = config.Resolve(settings.Device, Section, "device", "auto") }));
        var runs = study.Runs.Select(r => r.Name).ToArray();
        AnsiConsole.MarkupLineInterpolated(
            $"Preset [bold]{preset.Name}[/] ({preset.Recipe.Network}), {epochs} epochs per run: {string.Join(", ", runs)}; scored on {study.Validation.Count} complete validation faces.");
        var results = await StudyProgress.RunAsync(runs, epochs, progress => study.Run(progress, cancellation));
        if (results is null) return 1;

        var full = results.First(r => r.Name == AblationStudy.Full);
        var file = new AblationStudyFile(Path.GetFullPath(data), preset.Name, full.TrainingFaces, study.Validation.Count, preset.Recipe.Seed, results);
        var path = Path.GetFullPath(Path.Combine(output, AblationStudyFile.FileName));
        file.Write(path);
        var table = new Table().Border(TableBorder.Rounded).AddColumns("run", "undone", "epochs", "seconds", "RMSE px", "vs full");
        foreach (var r in results)
            table.AddRow(Markup.Escape(r.Name), Markup.Escape(r.Change), r.Epochs.ToString(CultureInfo.InvariantCulture),
                r.Seconds.ToString("F1", CultureInfo.InvariantCulture), r.RmsePixels.ToString("F3", CultureInfo.InvariantCulture),
                r == full ? "" : (r.RmsePixels - full.RmsePixels).ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Study: {path} (show it with kg report --ablation-study {path})");
        return 0;
    }
}
