using KeypointGrains.Keypoints.Training;

namespace KeypointGrains.Client.Commands;

/// <summary>
/// What a run folder was trained from, saved as run.json so a run can be understood later. <see cref="TrainingFaces"/>
/// counts the rows trained on, after <see cref="Augmentations"/> expanded the <see cref="SplitTrainingFaces"/> that the
/// split left for training.
/// </summary>
public sealed record RunDescription(
    TrainingOptions Options,
    string Data,
    string Split,
    bool AllRows,
    int TrainingFaces,
    int ValidationFaces,
    IReadOnlyList<string> Augmentations,
    int SplitTrainingFaces);
