using KeypointGrains.Specs;

namespace KeypointGrains.Client.Commands;

/// <summary>
/// What a run folder was trained from, saved as run.json so a run can be understood later. <see cref="TrainingFaces"/>
/// counts the rows trained on, after the recipe's augmentations expanded the <see cref="SplitTrainingFaces"/> that the
/// split left for training.
/// </summary>
public sealed record RunDescription(
    TrainingRecipe Recipe,
    string Device,
    string Data,
    string Split,
    int TrainingFaces,
    int ValidationFaces,
    int SplitTrainingFaces);
