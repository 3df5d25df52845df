using KeypointGrains.Keypoints.Training;

namespace KeypointGrains.Client.Commands;

/// <summary>What a run folder was trained from, saved as run.json so a run can be understood later.</summary>
public sealed record RunDescription(TrainingOptions Options, string Data, string Split, bool AllRows, int TrainingFaces, int ValidationFaces);
