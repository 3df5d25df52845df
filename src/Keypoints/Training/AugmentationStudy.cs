using System.Diagnostics;
using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;

namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// The seed's augmentation study: one network trained with the same options and seed on the same grouped split, once
/// without augmentation and once with each augmentation alone, so that the validation losses differ by the augmentation
/// only. The split is made once, here, from <paramref name="faces"/> (a seeded grouped split with the options' validation
/// fraction), and only the training side is ever expanded.
/// </summary>
public sealed class AugmentationStudy(FaceSet faces, TrainingOptions options)
{
    /// <summary>The name of the run without augmentation.</summary>
    public const string None = "none";

    // Per-batch augmentations come from the plan alone: the run named "none" must have none.
    private readonly TrainingOptions options = options with { BatchAugmentations = [] };
    private readonly (FaceSet Train, FaceSet Validation) split =
        DataSplit.Grouped(faces, options.Seed, options.ValidationFraction);

    public FaceSet Train => split.Train;
    public FaceSet Validation => split.Validation;

    /// <summary>The runs <see cref="Run"/> makes for <paramref name="plan"/>, in order: <see cref="None"/>, then each name.</summary>
    public static IReadOnlyList<string> RunNames(AugmentationPlan plan) => [None, .. plan.Names];

    /// <summary>
    /// Trains every run of <see cref="RunNames"/> in turn, calling <paramref name="progress"/> after each epoch with the
    /// run's name; cancellation is honoured between epochs (it throws <see cref="OperationCanceledException"/>).
    /// </summary>
    public IReadOnlyList<AugmentationResult> Run(AugmentationPlan plan, Action<string, EpochResult>? progress = null,
        CancellationToken cancellation = default)
    {
        var results = new List<AugmentationResult> { TrainOne(None, () => Train, options, progress, cancellation) };
        foreach (var expansion in plan.Expansions)
            results.Add(TrainOne(expansion.Name, () => FaceSetAugmenter.Expand(Train, [expansion]), options, progress, cancellation));
        foreach (var perBatch in plan.PerBatch)
            results.Add(TrainOne(perBatch.Name, () => Train, options with { BatchAugmentations = [perBatch] }, progress, cancellation));
        return results;
    }

    private AugmentationResult TrainOne(string name, Func<FaceSet> trainingRows, TrainingOptions runOptions,
        Action<string, EpochResult>? progress, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var rows = trainingRows();
        using var trainer = new KeypointTrainer(runOptions, rows, Validation);
        while (!trainer.Finished)
        {
            cancellation.ThrowIfCancellationRequested();
            // Not inside progress?.Invoke(...): with no callback the argument would never be evaluated.
            var epoch = trainer.RunEpoch();
            progress?.Invoke(name, epoch);
        }
        using var best = trainer.ExportBest();
        var evaluation = Evaluator.Evaluate(best, Validation);
        return new AugmentationResult(name, runOptions.Model, rows.Count, trainer.Epoch, trainer.Stopping.BestLoss,
            evaluation.RmsePixels, clock.Elapsed.TotalSeconds);
    }
}
