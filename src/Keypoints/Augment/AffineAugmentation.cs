using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Augment;

/// <summary>
/// Random rotation, scale and shift for each face of a training batch, keypoints moved exactly with their pixels
/// (see <see cref="AffineWarp"/>). Every parameter is drawn uniformly in ±its maximum. The defaults stay within the
/// spread of real face crops (the data's own crops vary ~±7% in scale and ±2 px in position, heads tilt ~±15°) so
/// few keypoints are pushed out of the image.
/// </summary>
public sealed class AffineAugmentation(double maxRotationDegrees = 15, double maxScaleChange = 0.1, double maxShiftPixels = 5)
    : IBatchAugmentation
{
    public double MaxRotationDegrees { get; } = NonNegative(maxRotationDegrees, nameof(maxRotationDegrees));
    public double MaxScaleChange { get; } = maxScaleChange is >= 0 and < 1
        ? maxScaleChange
        : throw new ArgumentOutOfRangeException(nameof(maxScaleChange), maxScaleChange, "The scale change lies in 0..1 (exclusive).");
    public double MaxShiftPixels { get; } = NonNegative(maxShiftPixels, nameof(maxShiftPixels));

    public string Name => "affine";

    public AffineWarp Draw(Random rng) => AffineWarp.AboutCentre(
        Uniform(rng, MaxRotationDegrees), 1 + Uniform(rng, MaxScaleChange), Uniform(rng, MaxShiftPixels), Uniform(rng, MaxShiftPixels));

    public unsafe void Apply(Span<float> pixels, Span<float> targets, IReadOnlyList<int> columns, int count, Random rng)
    {
        int width = columns.Count;
        if (count < 0 || pixels.Length < count * KeypointSchema.PixelCount || targets.Length < count * width)
            throw new ArgumentException(
                $"A batch of {count} faces needs {count * KeypointSchema.PixelCount} pixels and {count * width} targets; " +
                $"got {pixels.Length} and {targets.Length}.");
        AffineWarp.RequireCoordinatePairs(columns);

        // Drawn in face order before going parallel, so the result depends on the seed, not on thread scheduling.
        var warps = new AffineWarp[count];
        for (int face = 0; face < count; face++)
        {
            warps[face] = Draw(rng);
            warps[face].MoveKeypoints(targets.Slice(face * width, width), columns);
        }

        fixed (float* start = pixels)
        {
            nint address = (nint)start;
            Parallel.For(0, count, () => new float[KeypointSchema.PixelCount], (face, _, original) =>
            {
                var image = new Span<float>((float*)address + (long)face * KeypointSchema.PixelCount, KeypointSchema.PixelCount);
                image.CopyTo(original);
                warps[face].Warp(original, image);
                return original;
            }, _ => { });
        }
    }

    private static double Uniform(Random rng, double limit) => limit * (2 * rng.NextDouble() - 1);

    private static double NonNegative(double value, string name) =>
        value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, "Cannot be negative.");
}
