namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// One run of the augmentation study: the same model trained with one augmentation alone (or none).
/// <see cref="TrainingRows"/> counts the rows trained on after any expansion; <see cref="ValidationLoss"/> is the best
/// epoch's (masked MSE on scaled targets) and <see cref="RmsePixels"/> that epoch's weights scored on the validation
/// faces; <see cref="Seconds"/> is the run's wall time, expansion included.
/// </summary>
public sealed record AugmentationResult(
    string Augmentation,
    string Model,
    int TrainingRows,
    int Epochs,
    double ValidationLoss,
    double RmsePixels,
    double Seconds);
