using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Specs;

namespace KeypointGrains.Keypoints.Tuning;

/// <summary>How one trial trains its whole-face model: the preset's recipe with the trial's values, and the augmentations that expand its training faces.</summary>
public sealed record TrialRecipe(TrainingRecipe Options, AugmentationPlan Augmentation);
