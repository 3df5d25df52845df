using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Training;

namespace KeypointGrains.Keypoints.Tuning;

/// <summary>How one trial trains its whole-face model: the preset's options with the trial's values, and the augmentations that expand its training faces.</summary>
public sealed record TrialRecipe(TrainingOptions Options, AugmentationPlan Augmentation);
