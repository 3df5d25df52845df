using KeypointGrains.Specs;

namespace KeypointGrains.Client.Commands;

/// <summary>
/// What a run folder was trained from, saved as run.json so a run can be understood later: the model's spec, the device,
/// and whether its split was grouped by person or random (<see cref="Grouping"/>). <see cref="TrainingFaces"/> counts the
/// rows trained on, after the recipe's augmentations expanded the <see cref="SplitTrainingFaces"/> that the split left
/// for training.
/// </summary>
public sealed record RunDescription(
    ModelSpec Model,
    string Device,
    string Grouping,
    int TrainingFaces,
    int ValidationFaces,
    int SplitTrainingFaces);
