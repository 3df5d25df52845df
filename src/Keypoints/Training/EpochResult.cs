namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// One finished epoch (1-based). Losses are masked MSE on the scaled targets ((v − 48) / 48): the training loss is
/// the mean of the batch losses, the validation loss is over every present validation value.
/// <see cref="ImagesPerSecond"/> counts the training pass only; <see cref="Seconds"/> includes validation.
/// </summary>
public sealed record EpochResult(
    int Epoch,
    double TrainLoss,
    double ValidationLoss,
    double ValidationRmsePixels,
    bool Improved,
    double Seconds,
    double ImagesPerSecond);
