using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Training;

namespace KeypointGrains.Keypoints.Reporting;

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
    IReadOnlyList<EpochReport> History,
    EvaluationReport? Evaluation = null)
{
    /// <summary>
    /// Fills the timing and loss columns from a learning curve: the MSEs of the epoch with the lowest validation loss
    /// (the weights early stopping keeps), and the evaluation's RMSE when there is one (it may include test-time flips).
    /// </summary>
    public static ModelResult FromHistory(
        string name, ModelKind kind, int? specialistNumber, IReadOnlyList<int> columns, int rows, long parameters,
        IReadOnlyList<EpochReport> history, EvaluationReport? evaluation = null)
    {
        if (history.Count == 0)
            throw new ArgumentException($"Model '{name}' has no epochs; build an ensemble row with the constructor.", nameof(history));
        var best = history.MinBy(e => e.ValidationLoss)!;
        var total = history.Sum(e => e.Seconds);
        return new ModelResult(name, kind, specialistNumber, columns, rows, parameters, history.Count, total / history.Count,
            total, best.TrainLoss, best.ValidationLoss, evaluation?.RmsePixels ?? best.ValidationRmsePixels, history, evaluation);
    }
}
