using System.Diagnostics;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// What each change of a preset's recipe over the seed's is worth: its whole-face model trained with the full recipe,
/// then once with each change undone (the seed's choice instead), with the same epochs, seed and grouped split, each
/// scored on the same complete validation faces. Averaging with the mirrored face only alters prediction, so its row
/// rescores the full run's model.
/// </summary>
public sealed class AblationStudy
{
    public const string Full = "full recipe";

    private static readonly TrainingOptions Seed = new();
    private readonly TrainingPreset preset;
    private readonly FaceSet wholeTrain;

    public AblationStudy(FaceSet faces, TrainingPreset preset)
    {
        this.preset = preset;
        var split = DataSplit.Grouped(faces, preset.Options.Seed, preset.Options.ValidationFraction);
        wholeTrain = split.Train;
        Validation = split.Validation.Labelled(KeypointSchema.AllColumns);
    }

    public FaceSet Validation { get; }

    /// <summary>The runs that train, in order: the full recipe, then one per change the preset makes to the seed's recipe.</summary>
    public IReadOnlyList<string> TrainingRuns => [Full, .. Changes().Select(c => c.Name)];

    /// <summary>Trains every run in turn; <paramref name="progress"/> hears each epoch with the run's name.</summary>
    public IReadOnlyList<AblationResult> Run(Action<string, EpochResult>? progress = null, CancellationToken cancellation = default)
    {
        var (full, fullModel) = TrainOne(Full, "none", preset.Options, preset.AllRows, progress, cancellation);
        var results = new List<AblationResult> { full };
        using (fullModel)
        {
            foreach (var change in Changes())
            {
                var (result, model) = TrainOne(change.Name, change.Change, change.Options, change.AllRows, progress, cancellation);
                model.Dispose();
                results.Add(result);
            }
            if (preset.FlipAveraging)
            {
                fullModel.FlipAveraging = false;
                results.Add(full with
                {
                    Name = "flip averaging", Change = "one pass instead of averaging with the mirrored face",
                    RmsePixels = Evaluator.Evaluate(fullModel, Validation).RmsePixels, Seconds = 0,
                });
            }
        }
        return results;
    }

    /// <summary>The preset's changes to the seed's recipe, each as the preset's options with that change undone.</summary>
    private IEnumerable<(string Name, string Change, TrainingOptions Options, bool AllRows)> Changes()
    {
        var options = preset.Options;
        if (options.Model != Seed.Model)
            yield return ("network", $"{Seed.Model} instead of {options.Model}", options with { Model = Seed.Model }, preset.AllRows);
        if (options.Optimizer != Seed.Optimizer || options.Schedule != Seed.Schedule)
            yield return ("optimizer", $"the seed's Nesterov SGD, {Seed.LearningRateStart}→{Seed.LearningRateEnd} linear, instead of {options.Optimizer} {options.Schedule}",
                options with
                {
                    Optimizer = Seed.Optimizer, Schedule = Seed.Schedule, WarmupEpochs = 0, WeightDecay = Seed.WeightDecay,
                    LearningRateStart = Seed.LearningRateStart, LearningRateEnd = Seed.LearningRateEnd,
                    MomentumStart = Seed.MomentumStart, MomentumEnd = Seed.MomentumEnd,
                }, preset.AllRows);
        // The seed's batch at the preset's optimizer and peak rate: fewer, larger steps per epoch.
        if (options.BatchSize != Seed.BatchSize)
            yield return ("batch size", $"the seed's batch of {Seed.BatchSize} instead of {options.BatchSize}",
                options with { BatchSize = Seed.BatchSize }, preset.AllRows);
        if (preset.AllRows)
            yield return ("all rows", "complete rows only instead of every row with a masked loss", options, false);
        if (options.BatchAugmentations.Count > 0)
            yield return ("augmentation", $"no {string.Join(", ", options.BatchAugmentations.Select(a => a.Name))}",
                options with { BatchAugmentations = [] }, preset.AllRows);
        if (options.FlipHalfOfEachBatch != Seed.FlipHalfOfEachBatch)
            yield return ("training flips", Seed.FlipHalfOfEachBatch ? "half of each batch mirrored" : "no mirrored faces",
                options with { FlipHalfOfEachBatch = Seed.FlipHalfOfEachBatch }, preset.AllRows);
    }

    private (AblationResult Result, TrainedModel Model) TrainOne(string name, string change, TrainingOptions options, bool allRows,
        Action<string, EpochResult>? progress, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var train = allRows ? wholeTrain : wholeTrain.Labelled(KeypointSchema.AllColumns);
        using var trainer = new KeypointTrainer(options, train, Validation);
        while (!trainer.Finished)
        {
            cancellation.ThrowIfCancellationRequested();
            var epoch = trainer.RunEpoch();
            progress?.Invoke(name, epoch);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var model = trainer.ExportBest();
        model.FlipAveraging = preset.FlipAveraging;
        return (new AblationResult(name, change, options.Model, train.Count, trainer.Epoch, Evaluator.Evaluate(model, Validation).RmsePixels, seconds), model);
    }
}
