using KeypointGrains.Client.Configuration;
using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Storage;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Specs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

/// <summary>
/// kg train: one model on one machine (a whole campaign on the cluster is kg campaign). Resumes from the run folder's
/// checkpoint, checkpoints as the default policy says (after every epoch, within a tenth of the time) and at the end,
/// stops by the recipe's patience, and on Ctrl+C finishes the current epoch, saves, and exits cleanly.
/// </summary>
public sealed class TrainCommand : AsyncCommand<TrainSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, TrainSettings settings, CancellationToken cancellation)
    {
        var config = KgConfiguration.Load(settings.ConfigFile);
        var data = TrainingDataOption.Resolve(config, settings.Data, "train");
        // A preset gives the recipe (optimizer, schedule, augmentations, rows); flags and settings override its numbers.
        // Without one, quick's: a recipe that beats the mean face in a few epochs on a CPU (the seed's needs thousands).
        var preset = TrainingPresets.Resolve(config.Resolve(settings.Preset, "train", "preset", TrainingPresets.Quick));
        var defaults = preset.Recipe;
        var flagged = AugmentationOption.Parse(config.Resolve(settings.Augment, "train", "augment"));
        var recipe = defaults with
        {
            Network = NetworkOption.Check(config.Resolve(settings.Network, "train", "network", defaults.Network), meanAllowed: true),
            MaxEpochs = config.Resolve(settings.Epochs, "train", "epochs", defaults.MaxEpochs),
            Patience = config.Resolve(settings.Patience, "train", "patience", defaults.Patience),
            BatchSize = config.Resolve(settings.BatchSize, "train", "batch", defaults.BatchSize),
            LearningRateStart = config.Resolve(settings.LearningRate, "train", "lr", defaults.LearningRateStart),
            Seed = config.Resolve(settings.Seed, "train", "seed", defaults.Seed),
            EmaDecay = config.Resolve(settings.EmaDecay, "train", "ema", defaults.EmaDecay),
            AllRows = config.Resolve(settings.AllRows, "train", "all-rows", defaults.AllRows),
            Augmentations = [.. defaults.Augmentations.Union(flagged.Names)],
        };
        var setup = new TrainerSetup { Device = config.Resolve(settings.Device, "train", "device", "auto") };
        // The trainer draws the per-batch ones itself; the others expand the training faces here.
        var augmentation = AugmentationRegistry.Of(recipe);
        var split = config.Resolve(settings.Split, "train", "split", "grouped");
        var run = new RunFolder(config.Resolve(settings.Out, "train", "out", Path.Combine("runs", recipe.Network)));

        // One model of every column; checkpoints as the default policy says, and one at the end.
        var spec = new ModelSpec(Path.GetFullPath(data), KeypointSchema.AllColumns, recipe) { Split = new SplitSpec { Seed = recipe.Seed } };
        var faces = AnsiConsole.Status().Start($"Reading {data}", _ => KaggleCsvReader.ReadTraining(data));
        var (splitTrain, validation) = ModelRows.Of(split switch
        {
            // The whole file split once, then the rows kept: the same people held out as by every other model of this seed.
            "grouped" => DataSplit.Grouped(faces, spec.Split),
            "random" => DataSplit.TrainValidation(faces, spec.Split.ValidationFraction, spec.Split.Seed),
            _ => throw new UsageException($"--split must be 'grouped' or 'random', not '{split}'."),
        }, spec);
        // Only the training side is expanded: a copy of a validation face in training would leak it.
        var train = augmentation.Expansions.Count == 0
            ? splitTrain
            : AnsiConsole.Status().Start("Expanding the training faces", _ => FaceSetAugmenter.Expand(splitTrain, augmentation.Expansions));
        AnsiConsole.MarkupLineInterpolated(
            $"[bold]{recipe.Network}[/]: {train.Count} training and {validation.Count} validation faces ({split} split, {(recipe.AllRows ? "all rows, masked loss" : "complete rows")}) → {run.Path}");
        if (augmentation.Names.Count > 0)
            AnsiConsole.MarkupLineInterpolated(
                $"Augmentations: {augmentation} ({splitTrain.Count} faces + {augmentation.Expansions.Count} transformed copies of each = {train.Count} training rows{(augmentation.PerBatch.Count > 0 ? $"; {string.Join(", ", augmentation.PerBatch.Select(a => a.Name))} drawn anew for every batch" : "")}).");
        run.WriteJson(run.RunFile, new RunDescription(spec, setup.Device, split, train.Count, validation.Count, splitTrain.Count));

        if (recipe.Network == TrainedModel.MeanName)
            return FinishMean(run, train, validation);

        using var trainer = new KeypointTrainer(recipe, train, validation, setup);
        if (run.HasCheckpoint && !settings.Fresh)
        {
            using (var stream = File.OpenRead(run.CheckpointFile)) trainer.LoadCheckpoint(stream);
            AnsiConsole.MarkupLineInterpolated($"Resuming after epoch {trainer.Epoch} (best {trainer.Record.BestLoss:G4} at epoch {trainer.Record.BestEpoch}).");
        }

        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                     new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var bar = progress.AddTask(recipe.Network, maxValue: recipe.MaxEpochs);
                bar.Value = trainer.Epoch;
                // The run goes off the console thread so Ctrl+C is seen while an epoch is in flight.
                var modelRun = new ModelRun(trainer, new PatienceStopping(recipe.Patience), spec.Checkpoints);
                await Task.Run(() => modelRun.Run(new TrainProgress(run, trainer, recipe.Network, bar), cancellation), CancellationToken.None);
            });

        SaveCheckpoint(run, trainer);
        using var best = trainer.ExportBest();
        best.FlipAveraging = recipe.FlipAveraging;
        AtomicFile.Write(run.ModelFile, best.Save);
        var evaluation = Evaluator.Evaluate(best, validation);
        run.WriteJson(run.EvaluationFile, evaluation);
        EvaluationPrinter.Print(evaluation, "validation");
        if (cancellation.IsCancellationRequested)
            AnsiConsole.MarkupLineInterpolated($"[yellow]Stopped by request after epoch {trainer.Epoch}[/]; run again with the same --out to resume.");
        else
            AnsiConsole.MarkupLineInterpolated($"[green]Finished[/] after {trainer.Epoch} epochs; best epoch {trainer.Record.BestEpoch}.");
        AnsiConsole.MarkupLineInterpolated($"Model: {run.ModelFile}");
        return 0;
    }

    private static int FinishMean(RunFolder run, FaceSet train, FaceSet validation)
    {
        using var model = TrainedModel.Mean(train);
        AtomicFile.Write(run.ModelFile, model.Save);
        var evaluation = Evaluator.Evaluate(model, validation);
        run.WriteJson(run.EvaluationFile, evaluation);
        EvaluationPrinter.Print(evaluation, "validation");
        AnsiConsole.MarkupLineInterpolated($"Model: {run.ModelFile}");
        return 0;
    }

    private static void SaveCheckpoint(RunFolder run, KeypointTrainer trainer) => Store(run, trainer, trainer.SaveCheckpoint);

    private static void Store(RunFolder run, KeypointTrainer trainer, Action<Stream> save)
    {
        AtomicFile.Write(run.CheckpointFile, save);
        run.WriteHistory(trainer.History);
    }

    /// <summary>The run's observer: checkpoints go to the run folder, each epoch to the progress bar.</summary>
    private sealed class TrainProgress(RunFolder run, KeypointTrainer trainer, string network, ProgressTask bar) : IModelRunObserver
    {
        public bool StoreCheckpoint(int epoch, Action<Stream> save)
        {
            Store(run, trainer, save);
            return true;
        }

        public RunDecision EpochEnded(EpochResult report)
        {
            bar.Value = report.Epoch;
            bar.Description = FormattableString.Invariant(
                $"{network} epoch {report.Epoch}  loss {report.TrainLoss:F5}  val {report.ValidationLoss:F5}  RMSE {report.ValidationRmsePixels:F2} px  {report.ImagesPerSecond:F0} img/s  best@{trainer.Record.BestEpoch}{(report.Improved ? " *" : "")}");
            return RunDecision.Continue;
        }
    }
}
