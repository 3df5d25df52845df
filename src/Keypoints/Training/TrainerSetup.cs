using KeypointGrains.Keypoints.Augment;

namespace KeypointGrains.Keypoints.Training;

/// <summary>Where and how a trainer runs its <see cref="Specs.TrainingRecipe"/>: what is not part of the recipe.</summary>
public sealed record TrainerSetup
{
    /// <summary>auto (CUDA when present), cpu, cuda or cuda:N.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Intra-op threads for libtorch on the CPU; 0 keeps libtorch's own choice.</summary>
    public int Threads { get; init; }

    /// <summary>
    /// Per-batch augmentations drawn instead of the recipe's (its names made into transforms with their default
    /// settings), for an experiment with settings of its own; null = the recipe's.
    /// </summary>
    public IReadOnlyList<IBatchAugmentation>? BatchAugmentations { get; init; }
}
