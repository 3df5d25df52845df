using System.Diagnostics;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Specs;

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

    private static readonly TrainingRecipe Seed = new();
    private readonly TrainingPreset preset;
    private readonly TrainerSetup setup;
    private readonly FaceSet wholeTrain;

    public AblationStudy(FaceSet faces, TrainingPreset preset, TrainerSetup? setup = null)
    {
        this.preset = preset;
        this.setup = setup ?? new TrainerSetup();
        var split = DataSplit.Grouped(faces, new SplitSpec { Seed = preset.Recipe.Seed });
        wholeTrain = split.Train;
        Validation = split.Validation.Labelled(KeypointSchema.AllColumns);
    }

    public FaceSet Validation { get; }

    /// <summary>The runs that train, in order: the full recipe, then one per change the preset makes to the seed's recipe.</summary>
    public IReadOnlyList<string> TrainingRuns => [Full, .. Changes().Select(c => c.Name)];

    /// <summary>Trains every run in turn; <paramref name="progress"/> hears each epoch with the run's name.</summary>
    public IReadOnlyList<AblationResult> Run(Action<string, EpochResult>? progress = null, CancellationToken cancellation = default)
    {
        var (full, fullModel) = TrainOne(Full, "none", preset.Recipe, progress, cancellation);
        var results = new List<AblationResult> { full };
        using (fullModel)
        {
            foreach (var change in Changes())
            {
                var (result, model) = TrainOne(change.Name, change.Change, change.Recipe, progress, cancellation);
                model.Dispose();
                results.Add(result);
            }
            if (preset.Recipe.FlipAveraging)
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

    /// <summary>The preset's changes to the seed's recipe, each as the preset's recipe with that change undone.</summary>
    private IEnumerable<(string Name, string Change, TrainingRecipe Recipe)> Changes()
    {
        var recipe = preset.Recipe;
        if (recipe.Network != Seed.Network)
            yield return ("network", $"{Seed.Network} instead of {recipe.Network}", recipe with { Network = Seed.Network });
        if (recipe.Optimizer != Seed.Optimizer || recipe.Schedule != Seed.Schedule)
            yield return ("optimizer", $"the seed's Nesterov SGD, {Seed.LearningRateStart}→{Seed.LearningRateEnd} linear, instead of {recipe.Optimizer} {recipe.Schedule}",
                recipe with
                {
                    Optimizer = Seed.Optimizer, Schedule = Seed.Schedule, WarmupEpochs = 0, WeightDecay = Seed.WeightDecay,
                    LearningRateStart = Seed.LearningRateStart, LearningRateEnd = Seed.LearningRateEnd,
                    MomentumStart = Seed.MomentumStart, MomentumEnd = Seed.MomentumEnd,
                });
        // The seed's batch at the preset's optimizer and peak rate: fewer, larger steps per epoch.
        if (recipe.BatchSize != Seed.BatchSize)
            yield return ("batch size", $"the seed's batch of {Seed.BatchSize} instead of {recipe.BatchSize}",
                recipe with { BatchSize = Seed.BatchSize });
        if (recipe.AllRows)
            yield return ("all rows", "complete rows only instead of every row with a masked loss", recipe with { AllRows = false });
        if (recipe.Augmentations.Count > 0)
            yield return ("augmentation", $"no {string.Join(", ", recipe.Augmentations)}", recipe with { Augmentations = [] });
        if (recipe.FlipHalfOfEachBatch != Seed.FlipHalfOfEachBatch)
            yield return ("training flips", Seed.FlipHalfOfEachBatch ? "half of each batch mirrored" : "no mirrored faces",
                recipe with { FlipHalfOfEachBatch = Seed.FlipHalfOfEachBatch });
    }

    private (AblationResult Result, TrainedModel Model) TrainOne(string name, string change, TrainingRecipe recipe,
        Action<string, EpochResult>? progress, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var train = recipe.AllRows ? wholeTrain : wholeTrain.Labelled(KeypointSchema.AllColumns);
        using var trainer = new KeypointTrainer(recipe, train, Validation, setup);
        new ModelRun(trainer, new PatienceStopping(recipe.Patience)).Run(new EpochProgress(epoch => progress?.Invoke(name, epoch)), cancellation);
        cancellation.ThrowIfCancellationRequested();
        var seconds = clock.Elapsed.TotalSeconds;
        var model = trainer.ExportBest();
        model.FlipAveraging = recipe.FlipAveraging;
        return (new AblationResult(name, change, recipe.Network, train.Count, trainer.Epoch, Evaluator.Evaluate(model, Validation).RmsePixels, seconds), model);
    }
}
