using System.Diagnostics;
using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Specs;

namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// The seed's augmentation study: one network trained with the same recipe and seed on the same grouped split, once
/// without augmentation and once with each augmentation alone, so that the validation losses differ by the augmentation
/// only. The split is made once, here, from <paramref name="faces"/> (a seeded grouped split), and only the training
/// side is ever expanded.
/// </summary>
public sealed class AugmentationStudy(FaceSet faces, TrainingRecipe recipe, TrainerSetup? setup = null)
{
    /// <summary>The name of the run without augmentation.</summary>
    public const string None = "none";

    // Augmentations come from the plan alone: the run named "none" must have none.
    private readonly TrainingRecipe recipe = recipe with { Augmentations = [] };
    private readonly (FaceSet Train, FaceSet Validation) split =
        DataSplit.Grouped(faces, new SplitSpec { Seed = recipe.Seed });

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
        var results = new List<AugmentationResult> { TrainOne(None, () => Train, recipe, progress, cancellation) };
        foreach (var expansion in plan.Expansions)
            results.Add(TrainOne(expansion.Name, () => FaceSetAugmenter.Expand(Train, [expansion]), recipe, progress, cancellation));
        foreach (var perBatch in plan.PerBatch)
            results.Add(TrainOne(perBatch.Name, () => Train, recipe with { Augmentations = [perBatch.Name] }, progress, cancellation));
        return results;
    }

    private AugmentationResult TrainOne(string name, Func<FaceSet> trainingRows, TrainingRecipe runRecipe,
        Action<string, EpochResult>? progress, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var rows = trainingRows();
        using var trainer = new KeypointTrainer(runRecipe, rows, Validation, setup);
        new ModelRun(trainer, new PatienceStopping(runRecipe.Patience)).Run(new EpochProgress(epoch => progress?.Invoke(name, epoch)), cancellation);
        cancellation.ThrowIfCancellationRequested();
        using var best = trainer.ExportBest();
        var evaluation = Evaluator.Evaluate(best, Validation);
        return new AugmentationResult(name, runRecipe.Network, rows.Count, trainer.Epoch, trainer.Record.BestLoss,
            evaluation.RmsePixels, clock.Elapsed.TotalSeconds);
    }
}
