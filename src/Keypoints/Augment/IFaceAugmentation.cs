namespace KeypointGrains.Keypoints.Augment;

/// <summary>
/// A deterministic photometric transform of one face (<see cref="Schema.KeypointSchema.PixelCount"/> grey levels in
/// [0,1], row-major): the pixels change, the keypoints stay where they are, so targets are copied unchanged.
/// </summary>
public interface IFaceAugmentation
{
    /// <summary>The name <see cref="AugmentationRegistry"/> knows it by.</summary>
    string Name { get; }

    /// <summary>Writes the transformed <paramref name="image"/> into <paramref name="result"/> (same length, no overlap).</summary>
    void Apply(ReadOnlySpan<float> image, Span<float> result);
}
