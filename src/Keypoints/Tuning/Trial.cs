using KeypointGrains.Specs;

namespace KeypointGrains.Keypoints.Tuning;

/// <summary>One sampled point of a search space: the trial's number and its value of each dimension, in the space's order.</summary>
public sealed record Trial(int Number, IReadOnlyList<KeyValuePair<string, string>> Values)
{
    /// <summary><paramref name="baseRecipe"/> with the trial's values, its augmentations (those that expand the faces too) among them.</summary>
    public TrainingRecipe Recipe(TrainingRecipe baseRecipe) =>
        Values.Aggregate(baseRecipe, (recipe, value) => TunableParameter.Named(value.Key).Apply(recipe, value.Value));

    public override string ToString() => string.Join(" ", Values.Select(v => $"{v.Key}={v.Value}"));
}
