using System.Diagnostics;
using System.Globalization;
using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Storage;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Specs;

namespace KeypointGrains.Keypoints.Tests.Training;

/// <summary>
/// Not a test: the accuracy benchmark. Trains a preset's whole-face model on the real data and prints its RMSE on the
/// grouped validation split (people never seen in training), with and without flip averaging. Skipped unless
/// KG_ACCURACY_RUN=1. Settings from the environment: KG_ACCURACY_PRESET (best), KG_ACCURACY_MODEL, KG_ACCURACY_EPOCHS,
/// KG_ACCURACY_LR, KG_ACCURACY_WD, KG_ACCURACY_BATCH, KG_ACCURACY_SEED, KG_ACCURACY_AFFINE ("degrees,scale,shift" or
/// "none"), KG_ACCURACY_FLIP (on | off: mirror half of each batch), KG_ACCURACY_ROWS (all | complete), KG_ACCURACY_OUT (a folder for the log, checkpoint and model; it resumes
/// from the checkpoint there). The split is the same for every setting, so numbers compare.
/// </summary>
public class AccuracyRun
{
    private const int SplitSeed = 42;
    private static readonly int[] AllColumns = Enumerable.Range(0, KeypointSchema.ColumnCount).ToArray();

    [SkippableFact]
    public void Preset_recipe_on_the_grouped_validation_split()
    {
        Skip.IfNot(Environment.GetEnvironmentVariable("KG_ACCURACY_RUN") == "1", "Long accuracy run: set KG_ACCURACY_RUN=1 to run it.");
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var preset = TrainingPresets.Resolve(Setting("PRESET") ?? TrainingPresets.Best, Setting("MODEL"));
        var options = preset.Recipe with
        {
            MaxEpochs = Number("EPOCHS") is { } epochs ? (int)epochs : preset.Recipe.MaxEpochs,
            LearningRateStart = Number("LR") ?? preset.Recipe.LearningRateStart,
            WeightDecay = Number("WD") ?? preset.Recipe.WeightDecay,
            BatchSize = Number("BATCH") is { } batch ? (int)batch : preset.Recipe.BatchSize,
            Seed = Number("SEED") is { } seed ? (int)seed : preset.Recipe.Seed,
            FlipHalfOfEachBatch = Setting("FLIP") is { } flipSetting ? flipSetting == "on" : preset.Recipe.FlipHalfOfEachBatch,
        };
        if (Number("EPOCHS") is not null) options = options with { Patience = Math.Max(options.Patience, options.MaxEpochs) };
        // Affine warps with settings of their own are drawn instead of the recipe's per-batch augmentations.
        var setup = new TrainerSetup
        {
            BatchAugmentations = Setting("AFFINE") switch
            {
                null => null,
                "none" => [],
                var spec => [Affine(spec)],
            },
        };
        var batchAugmentations = setup.BatchAugmentations ?? AugmentationRegistry.Of(options).PerBatch;
        bool allRows = Setting("ROWS") is { } rowsSetting ? rowsSetting == "all" : preset.Recipe.AllRows;
        var folder = Setting("OUT") ?? Path.Combine(Path.GetTempPath(), "kg-accuracy");
        Directory.CreateDirectory(folder);
        using var log = new StreamWriter(Path.Combine(folder, "log.txt"), append: true) { AutoFlush = true };

        var faces = KaggleCsvReader.ReadTraining(TestData.Fkd("training.csv.gz"));
        var (train, validation) = DataSplit.Grouped(faces, new SplitSpec { Seed = SplitSeed });
        if (!allRows) train = train.Labelled(AllColumns);
        log.WriteLine(
            $"{DateTime.Now:O} {preset.Name} {options.Network} {options.Optimizer}/{options.Schedule} lr {options.LearningRateStart} wd {options.WeightDecay} " +
            $"batch {options.BatchSize} epochs {options.MaxEpochs} seed {options.Seed} augment [{string.Join(",", batchAugmentations.Select(Describe))}] " +
            $"flip {(options.FlipHalfOfEachBatch ? "on" : "off")} " +
            $"rows {(allRows ? "all" : "complete")}: {train.Count} train, {validation.Count} validation faces (grouped)");

        using var trainer = new KeypointTrainer(options, train, validation, setup);
        var checkpoint = Path.Combine(folder, "checkpoint.bin");
        if (File.Exists(checkpoint))
        {
            using var stream = File.OpenRead(checkpoint);
            trainer.LoadCheckpoint(stream);
            log.WriteLine($"resumed after epoch {trainer.Epoch}");
        }
        var clock = Stopwatch.StartNew();
        new ModelRun(trainer, new PatienceStopping(options.Patience), new CheckpointPolicy { Overhead = 0 })
            .Run(new LoggedEpochs(log, trainer, checkpoint));

        using var model = trainer.ExportBest();
        var complete = validation.Labelled(AllColumns);
        foreach (var flip in new[] { false, true })
        {
            model.FlipAveraging = flip;
            log.WriteLine(
                $"best epoch {trainer.Record.BestEpoch} flip-averaging {flip}: RMSE {Evaluator.Evaluate(model, validation).RmsePixels:F3} px " +
                $"(all {validation.Count} validation rows), {Evaluator.Evaluate(model, complete).RmsePixels:F3} px ({complete.Count} complete rows)");
        }
        model.FlipAveraging = options.FlipAveraging;
        AtomicFile.Write(Path.Combine(folder, "model.kgm"), model.Save);
        log.WriteLine($"done in {clock.Elapsed.TotalMinutes:F1} min; model {Path.Combine(folder, "model.kgm")}");
    }

    /// <summary>Each epoch a log line and a checkpoint, so that a run stopped at any point resumes.</summary>
    private sealed class LoggedEpochs(StreamWriter log, KeypointTrainer trainer, string checkpoint) : IModelRunObserver
    {
        public bool StoreCheckpoint(int epoch, Action<Stream> save)
        {
            AtomicFile.Write(checkpoint, save);
            return true;
        }

        public RunDecision EpochEnded(EpochResult r)
        {
            log.WriteLine(
                $"epoch {r.Epoch} train {r.TrainLoss:F6} val {r.ValidationLoss:F6} rmse {r.ValidationRmsePixels:F3} px " +
                $"{r.ImagesPerSecond:F0} img/s {r.Seconds:F0} s{(r.Improved ? " *" : "")} (augment {trainer.AugmentationTime.TotalSeconds:F0} s total)");
            return RunDecision.Continue;
        }
    }

    private static string? Setting(string name) =>
        Environment.GetEnvironmentVariable("KG_ACCURACY_" + name) is { Length: > 0 } value ? value : null;

    private static double? Number(string name) =>
        Setting(name) is { } value ? double.Parse(value, CultureInfo.InvariantCulture) : null;

    private static AffineAugmentation Affine(string spec)
    {
        var parts = spec.Split(',').Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return new AffineAugmentation(parts[0], parts[1], parts[2]);
    }

    private static string Describe(IBatchAugmentation augmentation) => augmentation is AffineAugmentation a
        ? $"affine {a.MaxRotationDegrees}°/{a.MaxScaleChange}/{a.MaxShiftPixels}px"
        : augmentation.Name;
}
