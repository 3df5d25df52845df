using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Specs;

namespace KeypointGrains.Keypoints.Training;

/// <summary>The faces a spec trains and is validated on, made the same way wherever it trains (a training grain, a study).</summary>
public static class ModelData
{
    /// <summary><paramref name="spec"/>'s rows of its split (<see cref="ModelRows"/>), the training side expanded by the recipe's face-copying augmentations.</summary>
    public static (FaceSet Train, FaceSet Validation) Of((FaceSet Train, FaceSet Validation) split, ModelSpec spec)
    {
        var (train, validation) = ModelRows.Of(split, spec);
        // Only the training side grows: a transformed copy of a validation face would be scored against itself.
        return (FaceSetAugmenter.Expand(train, spec.Recipe), validation);
    }
}
