namespace KeypointGrains.Keypoints.Augment;

/// <summary>
/// A random transform the trainer applies to each training batch in place, drawn anew every time, so the network never
/// sees the same variant twice (unlike <see cref="IFaceAugmentation"/>, which expands the data set once).
/// </summary>
public interface IBatchAugmentation
{
    /// <summary>The name <see cref="AugmentationRegistry"/> knows it by.</summary>
    string Name { get; }

    /// <summary>
    /// Transforms <paramref name="count"/> faces: <paramref name="pixels"/> holds count*9216 grey levels,
    /// <paramref name="targets"/> count*columns.Count pixel coordinates (NaN = missing) for the schema
    /// <paramref name="columns"/>. Keypoints are moved with their pixels; one that leaves the image becomes NaN.
    /// The result depends only on the inputs and the state of <paramref name="rng"/>.
    /// </summary>
    void Apply(Span<float> pixels, Span<float> targets, IReadOnlyList<int> columns, int count, Random rng);
}
