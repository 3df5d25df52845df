using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Specs;

namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// The seed's augmentation study: a list of whole-face model specs with the same recipe, seed and grouped split of the
/// file at <paramref name="dataPath"/> (its faces: <paramref name="faces"/>), one without augmentation and one with each
/// augmentation of <paramref name="plan"/> alone, so that the validation losses differ by the augmentation only. Like the
/// seed's study they train on complete rows; only the training side is ever expanded.
/// </summary>
public sealed class AugmentationStudy(string dataPath, FaceSet faces, TrainingRecipe recipe, AugmentationPlan plan, TrainerSetup? setup = null)
{
    /// <summary>The name of the run without augmentation.</summary>
    public const string None = "none";

    private readonly StudyRunner runner = new(faces, setup);

    /// <summary>The runs in order: <see cref="None"/>, then each augmentation of the plan.</summary>
    public IReadOnlyList<StudyRun> Runs { get; } =
    [
        // Augmentations come from the plan alone: the run named "none" must have none.
        .. new[] { None }.Concat(plan.Names).Select(name => new StudyRun(name, name, new ModelSpec(dataPath, KeypointSchema.AllColumns,
            recipe with { Augmentations = name == None ? [] : [name], AllRows = false }) { Split = new SplitSpec { Seed = recipe.Seed } })),
    ];

    /// <summary>The training faces before any expansion (the rows of the run without augmentation).</summary>
    public FaceSet Train => runner.RowsOf(Runs[0].Spec).Train;

    /// <summary>The complete validation faces every run is scored on.</summary>
    public FaceSet Validation => runner.ScoredFaces(Runs[0].Spec);

    /// <summary>
    /// Trains every run in turn, calling <paramref name="progress"/> after each epoch with the run's name; cancellation is
    /// honoured between epochs (it throws <see cref="OperationCanceledException"/>).
    /// </summary>
    public IReadOnlyList<AugmentationResult> Run(Action<string, EpochResult>? progress = null, CancellationToken cancellation = default) =>
        Runs.Select(run =>
        {
            var trained = runner.Train(run, progress, cancellation);
            trained.Model.Dispose();
            return new AugmentationResult(run.Name, run.Spec.Recipe.Network, trained.TrainingRows, trained.Epochs, trained.ValidationLoss,
                trained.RmsePixels, trained.Seconds);
        }).ToArray();
}
