using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Specs;

namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// What each change of a preset's recipe over the seed's is worth: a list of whole-face model specs, the full recipe, then
/// one with each change undone (the seed's choice instead), with the same epochs, seed and grouped split of the file at
/// <paramref name="dataPath"/> (its faces: <paramref name="faces"/>), each scored on the same complete validation faces.
/// Averaging with the mirrored face only alters prediction, so its row rescores the full run's model.
/// </summary>
public sealed class AblationStudy(string dataPath, FaceSet faces, TrainingPreset preset, TrainerSetup? setup = null)
{
    public const string Full = "full recipe";

    private static readonly TrainingRecipe Seed = new();
    private readonly StudyRunner runner = new(faces, setup);

    /// <summary>The runs that train, in order: the full recipe, then one per change the preset makes to the seed's recipe.</summary>
    public IReadOnlyList<StudyRun> Runs { get; } = [new(Full, "none", SpecOf(dataPath, preset.Recipe)), .. Changes(dataPath, preset.Recipe)];

    /// <summary>The complete validation faces every run is scored on.</summary>
    public FaceSet Validation => runner.ScoredFaces(Runs[0].Spec);

    /// <summary>Trains every run in turn; <paramref name="progress"/> hears each epoch with the run's name.</summary>
    public IReadOnlyList<AblationResult> Run(Action<string, EpochResult>? progress = null, CancellationToken cancellation = default)
    {
        var trained = runner.Train(Runs[0], progress, cancellation);
        var results = new List<AblationResult> { Result(trained) };
        using (var fullModel = trained.Model)
        {
            foreach (var change in Runs.Skip(1))
            {
                var result = runner.Train(change, progress, cancellation);
                result.Model.Dispose();
                results.Add(Result(result));
            }
            if (Runs[0].Spec.Recipe.FlipAveraging)
            {
                fullModel.FlipAveraging = false;
                results.Add(results[0] with
                {
                    Name = "flip averaging", Change = "one pass instead of averaging with the mirrored face",
                    RmsePixels = Evaluator.Evaluate(fullModel, Validation).RmsePixels, Seconds = 0,
                });
            }
        }
        return results;
    }

    private static AblationResult Result(StudyRunResult trained) =>
        new(trained.Run.Name, trained.Run.Change, trained.Run.Spec.Recipe.Network, trained.TrainingRows, trained.Epochs, trained.RmsePixels, trained.Seconds);

    private static ModelSpec SpecOf(string dataPath, TrainingRecipe recipe) =>
        new(dataPath, KeypointSchema.AllColumns, recipe) { Split = new SplitSpec { Seed = recipe.Seed } };

    /// <summary>The preset's changes to the seed's recipe, each as the preset's recipe with that change undone.</summary>
    private static IEnumerable<StudyRun> Changes(string dataPath, TrainingRecipe recipe)
    {
        StudyRun Undone(string name, string change, TrainingRecipe undone) => new(name, change, SpecOf(dataPath, undone));
        if (recipe.Network != Seed.Network)
            yield return Undone("network", $"{Seed.Network} instead of {recipe.Network}", recipe with { Network = Seed.Network });
        if (recipe.Optimizer != Seed.Optimizer || recipe.Schedule != Seed.Schedule)
            yield return Undone("optimizer", $"the seed's Nesterov SGD, {Seed.LearningRateStart}→{Seed.LearningRateEnd} linear, instead of {recipe.Optimizer} {recipe.Schedule}",
                recipe with
                {
                    Optimizer = Seed.Optimizer, Schedule = Seed.Schedule, WarmupEpochs = 0, WeightDecay = Seed.WeightDecay,
                    LearningRateStart = Seed.LearningRateStart, LearningRateEnd = Seed.LearningRateEnd,
                    MomentumStart = Seed.MomentumStart, MomentumEnd = Seed.MomentumEnd,
                });
        // The seed's batch at the preset's optimizer and peak rate: fewer, larger steps per epoch.
        if (recipe.BatchSize != Seed.BatchSize)
            yield return Undone("batch size", $"the seed's batch of {Seed.BatchSize} instead of {recipe.BatchSize}", recipe with { BatchSize = Seed.BatchSize });
        if (recipe.AllRows)
            yield return Undone("all rows", "complete rows only instead of every row with a masked loss", recipe with { AllRows = false });
        if (recipe.Augmentations.Count > 0)
            yield return Undone("augmentation", $"no {string.Join(", ", recipe.Augmentations)}", recipe with { Augmentations = [] });
        if (recipe.FlipHalfOfEachBatch != Seed.FlipHalfOfEachBatch)
            yield return Undone("training flips", Seed.FlipHalfOfEachBatch ? "half of each batch mirrored" : "no mirrored faces",
                recipe with { FlipHalfOfEachBatch = Seed.FlipHalfOfEachBatch });
    }
}
