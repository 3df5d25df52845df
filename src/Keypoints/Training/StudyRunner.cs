using System.Diagnostics;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Specs;

namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// Trains a study's runs one after another on <paramref name="faces"/>, the file their specs read: each spec's rows of its
/// split as a training grain makes them (<see cref="ModelData"/>), a <see cref="ModelRun"/> stopped by the recipe's
/// patience, and its best weights scored on the complete validation faces of its split, the same faces for every run
/// that shares the split.
/// </summary>
public sealed class StudyRunner(FaceSet faces, TrainerSetup? setup = null)
{
    private readonly Dictionary<SplitSpec, (FaceSet Train, FaceSet Validation)> splits = [];

    /// <summary>The faces <paramref name="spec"/>'s model is scored on: its split's validation rows that label every column it predicts.</summary>
    public FaceSet ScoredFaces(ModelSpec spec) => SplitOf(spec.Split).Validation.Labelled(spec.Columns);

    /// <summary><paramref name="spec"/>'s training and validation rows.</summary>
    public (FaceSet Train, FaceSet Validation) RowsOf(ModelSpec spec) => ModelData.Of(SplitOf(spec.Split), spec);

    /// <summary>
    /// Trains <paramref name="run"/>, telling <paramref name="progress"/> of each epoch with the run's name; cancellation is
    /// honoured between epochs (it throws <see cref="OperationCanceledException"/>).
    /// </summary>
    public StudyRunResult Train(StudyRun run, Action<string, EpochResult>? progress, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var (spec, recipe) = (run.Spec, run.Spec.Recipe);
        var (train, validation) = RowsOf(spec);
        using var trainer = new KeypointTrainer(recipe, train, validation, setup);
        // Nothing of a study is kept but its results: no checkpoints.
        new ModelRun(trainer, new PatienceStopping(recipe.Patience)).Run(new EpochProgress(epoch => progress?.Invoke(run.Name, epoch)), cancellation);
        cancellation.ThrowIfCancellationRequested();
        var seconds = clock.Elapsed.TotalSeconds;
        var model = trainer.ExportBest();
        model.FlipAveraging = recipe.FlipAveraging;
        return new StudyRunResult(run, model, train.Count, trainer.Epoch, trainer.Record.BestLoss,
            Evaluator.Evaluate(model, ScoredFaces(spec)).RmsePixels, seconds);
    }

    private (FaceSet Train, FaceSet Validation) SplitOf(SplitSpec split)
    {
        // Near-duplicate frames of one person stay on one side, or validation would flatter every run.
        if (!splits.TryGetValue(split, out var sides)) splits[split] = sides = DataSplit.Grouped(faces, split);
        return sides;
    }
}

/// <summary>
/// A trained run of a study: its best model (the caller disposes it), the rows it trained on after any expansion, its
/// epochs, its best validation loss and that model's RMSE on the scored faces, and its wall time.
/// </summary>
public sealed record StudyRunResult(StudyRun Run, TrainedModel Model, int TrainingRows, int Epochs, double ValidationLoss,
    double RmsePixels, double Seconds);
