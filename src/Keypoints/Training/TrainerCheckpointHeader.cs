namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// What a trainer checkpoint says before its tensors: which run it belongs to (model, columns, seed, optimizer), how far
/// it got (epochs, early-stopping state, learning curve) and its label mirror (null in files older than version 3);
/// <see cref="Version"/> says which tensors follow.
/// </summary>
public sealed record TrainerCheckpointHeader(
    string Model,
    IReadOnlyList<int> Columns,
    int Seed,
    string Optimizer,
    float? MirrorSum,
    int Epoch,
    int BestEpoch,
    double BestLoss,
    int LastEpoch,
    IReadOnlyList<EpochResult> History,
    int Version = TrainerCheckpointFormat.Version);
