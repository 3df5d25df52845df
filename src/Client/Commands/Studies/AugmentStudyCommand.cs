using System.Globalization;
using KeypointGrains.Client.Configuration;
using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Networks;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Reporting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

/// <summary>
/// kg augment-study: the seed's augmentation study on this machine. The defaults (cnn-small with the best preset's
/// optimizer and schedule, 5 epochs, 480 training faces, batch 32) finish all six runs in a few minutes on two CPU cores;
/// the table is written to augmentation-study.json for kg report.
/// </summary>
public sealed class AugmentStudyCommand : AsyncCommand<AugmentStudySettings>
{
    private const string Section = "augmentStudy";
    // At most 32: a few hundred faces in batches of the seed's 128 would give a handful of steps per epoch.
    private const int BatchSize = 32;

    public override async Task<int> ExecuteAsync(CommandContext context, AugmentStudySettings settings, CancellationToken cancellation)
    {
        var config = KgConfiguration.Load(settings.ConfigFile);
        var data = TrainingDataOption.Resolve(config, settings.Data, Section);
        var presetName = config.Resolve(settings.Preset, Section, "preset", TrainingPresets.Best);
        TrainingPreset preset;
        try
        {
            preset = TrainingPresets.Resolve(presetName, config.Resolve(settings.Network, Section, "network", "cnn-small"));
        }
        catch (ArgumentException error)
        {
            throw new UsageException($"--preset: {error.Message}");
        }
        var model = preset.Recipe.Network;
        if (!NetworkRegistry.Names.Contains(model))
            throw new UsageException($"--network must be a trainable network ({string.Join(", ", NetworkRegistry.Names)}), not '{model}'.");
        var epochs = config.Resolve(settings.Epochs, Section, "epochs", 5);
        if (epochs < 1) throw new UsageException($"--epochs must be at least 1, not {epochs}.");
        var rows = config.Resolve(settings.Rows, Section, "rows", 480);
        if (rows < 0) throw new UsageException($"--rows cannot be negative ({rows}).");
        var plan = AugmentationOption.Parse(config.Resolve(settings.Augment, Section, "augment", string.Join(",", AugmentationRegistry.Names)));
        var output = config.Resolve(settings.Out, Section, "out", Path.Combine("runs", "augmentation-study"));
        // Every run lasts the same number of epochs (no early stopping), the preset's warm-up shortened in proportion.
        var recipe = preset.Recipe with
        {
            MaxEpochs = epochs,
            Patience = epochs,
            WarmupEpochs = preset.Recipe.WarmupEpochs * epochs / preset.Recipe.MaxEpochs,
            BatchSize = Math.Min(preset.Recipe.BatchSize, BatchSize),
            MaxTrainingFaces = rows,
        };
        var setup = new TrainerSetup { Device = config.Resolve(settings.Device, Section, "device", "auto") };

        var (study, training, validation) = AnsiConsole.Status().Start($"Reading {data}", status =>
        {
            var faces = KaggleCsvReader.ReadTraining(data);
            status.Status("Grouping near-duplicate faces for the split");
            var made = new AugmentationStudy(Path.GetFullPath(data), faces, recipe, plan, setup);
            return (made, made.Train.Count, made.Validation.Count);
        });
        var runs = study.Runs.Select(r => r.Name).ToArray();
        AnsiConsole.MarkupLineInterpolated(
            $"[bold]{model}[/], preset {preset.Name}, {epochs} epochs per run, {runs.Length} runs ({string.Join(", ", runs)}): {training} training and {validation} validation faces (complete rows of a grouped split).");

        var results = await StudyProgress.RunAsync(runs, epochs, progress => study.Run(progress, cancellation));
        if (results is null) return 1;

        var file = new AugmentationStudyFile(Path.GetFullPath(data), training + validation, training, validation, recipe.Seed, results);
        var path = Path.GetFullPath(Path.Combine(output, AugmentationStudyFile.FileName));
        file.Write(path);
        AnsiConsole.Write(Table(results));
        AnsiConsole.MarkupLineInterpolated($"Study: {path} (show it with kg report --augmentation-study {path})");
        return 0;
    }

    private static Table Table(IReadOnlyList<AugmentationResult> results)
    {
        var none = results.First(r => r.Augmentation == AugmentationStudy.None);
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("run", "training rows", "epochs", "seconds", "val loss", "RMSE px", "vs none");
        foreach (var column in table.Columns.Skip(1)) column.RightAligned();
        foreach (var r in results)
            table.AddRow(Markup.Escape(r.Augmentation), Invariant(r.TrainingRows, "N0"), Invariant(r.Epochs, "N0"), Invariant(r.Seconds, "F1"),
                Invariant(r.ValidationLoss, "G4"), Invariant(r.RmsePixels, "F2"),
                r == none ? "" : Invariant(r.RmsePixels - none.RmsePixels, "+0.00;-0.00;0.00"));
        return table;
    }

    private static string Invariant(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
