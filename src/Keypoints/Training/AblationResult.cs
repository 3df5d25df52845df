namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// One run of an ablation study: the preset's recipe with one of its changes undone (or <see cref="AblationStudy.Full"/>),
/// scored on the complete validation faces. <see cref="Change"/> says what was undone; <see cref="Seconds"/> is the run's
/// training time (0 for a change that only alters prediction).
/// </summary>
public sealed record AblationResult(
    string Name,
    string Change,
    string Network,
    int TrainingFaces,
    int Epochs,
    double RmsePixels,
    double Seconds);
