using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Training;

namespace KeypointGrains.Reporting;

/// <summary>
/// One trained model of a study. <see cref="Rows"/> is the labelled sample it was given (training + validation faces);
/// the MSEs are on scaled targets ((v − 48) / 48) at the best epoch; <see cref="RmsePixels"/> is its validation RMSE in
/// pixels. An ensemble has no <see cref="History"/> of its own.
/// </summary>
public sealed record ModelResult(
    string Name,
    ModelKind Kind,
    int? SpecialistNumber,
    IReadOnlyList<int> Columns,
    int Rows,
    long Parameters,
    int Epochs,
    double SecondsPerEpoch,
    double TotalSeconds,
    double TrainMse,
    double ValidationMse,
    double RmsePixels,
    IReadOnlyList<EpochResult> History,
    EvaluationReport? Evaluation = null)
{
    /// <summary>
    /// Fills the timing and loss columns from a learning curve: the MSEs of the epoch with the lowest validation loss
    /// (the weights early stopping keeps), and the evaluation's RMSE when there is one (it may include test-time flips).
    /// </summary>
    public static ModelResult FromHistory(
        string name, ModelKind kind, int? specialistNumber, IReadOnlyList<int> columns, int rows, long parameters,
        IReadOnlyList<EpochResult> history, EvaluationReport? evaluation = null)
    {
        if (history.Count == 0)
            throw new ArgumentException($"Model '{name}' has no epochs; build an ensemble row with the constructor.", nameof(history));
        var best = history.MinBy(e => e.ValidationLoss)!;
        var total = history.Sum(e => e.Seconds);
        return new ModelResult(name, kind, specialistNumber, columns, rows, parameters, history.Count, total / history.Count,
            total, best.TrainLoss, best.ValidationLoss, evaluation?.RmsePixels ?? best.ValidationRmsePixels, history, evaluation);
    }

    /// <summary>
    /// The seed's Model 0: every face gets the mean shape of the <paramref name="train"/> faces
    /// (<see cref="TrainedModel.Mean"/>), the floor any trained model has to beat. Nothing is trained, so it has no
    /// epochs or time; its MSEs are the mean's on each side, in the same scaled units as a network's loss.
    /// </summary>
    public static ModelResult MeanShape(string name, FaceSet train, FaceSet validation)
    {
        using var mean = TrainedModel.Mean(train);
        var onTrain = Evaluator.Evaluate(mean, train);
        var onValidation = Evaluator.Evaluate(mean, validation);
        return new ModelResult(name, ModelKind.Model, null, train.Columns, train.Count + validation.Count, train.Columns.Count,
            Epochs: 0, SecondsPerEpoch: double.NaN, TotalSeconds: double.NaN, ScaledMse(onTrain.RmsePixels),
            ScaledMse(onValidation.RmsePixels), onValidation.RmsePixels, History: []);
    }

    /// <summary>
    /// Specialists merged into one model of all 30 columns, scored by <paramref name="evaluation"/> (the merged
    /// predictions on validation faces). Its parameters, epochs and time are those of its <paramref name="members"/>
    /// together; it has no training loss of its own.
    /// </summary>
    public static ModelResult Ensemble(string name, IReadOnlyList<ModelResult> members, int rows, EvaluationReport evaluation)
    {
        int epochs = members.Sum(m => m.Epochs);
        double seconds = members.Sum(m => m.TotalSeconds);
        return new ModelResult(name, ModelKind.Ensemble, null, Enumerable.Range(0, KeypointSchema.ColumnCount).ToArray(), rows,
            members.Sum(m => m.Parameters), epochs, epochs == 0 ? double.NaN : seconds / epochs, seconds, double.NaN,
            ScaledMse(evaluation.RmsePixels), evaluation.RmsePixels, [], evaluation);
    }

    /// <summary>The MSE on targets scaled to −1…1 that an RMSE in pixels corresponds to.</summary>
    private static double ScaledMse(double rmsePixels) => Math.Pow(rmsePixels / TargetScaling.HalfRange, 2);
}
