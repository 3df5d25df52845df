namespace KeypointGrains.Keypoints.Augment;

/// <summary>
/// What <c>--augment</c> asked for: photometric transforms that expand the training set once
/// (<see cref="FaceSetAugmenter.Expand"/>) and random transforms the trainer applies to every batch.
/// </summary>
public sealed record AugmentationPlan(IReadOnlyList<IFaceAugmentation> Expansions, IReadOnlyList<IBatchAugmentation> PerBatch)
{
    public static AugmentationPlan None { get; } = new([], []);

    /// <summary>The names, expansions first, as <see cref="AugmentationRegistry.Parse"/> accepts them back.</summary>
    public IReadOnlyList<string> Names => [.. Expansions.Select(a => a.Name), .. PerBatch.Select(a => a.Name)];

    public override string ToString() => Names.Count == 0 ? "none" : string.Join(",", Names);
}
