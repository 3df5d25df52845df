using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Augment;

/// <summary>
/// A batch augmentation that moves each face by its own random <see cref="AffineWarp"/>, keypoints exactly with their
/// pixels; subclasses say how a warp is drawn.
/// </summary>
public abstract class WarpAugmentation : IBatchAugmentation
{
    public abstract string Name { get; }

    public abstract AffineWarp Draw(Random rng);

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

    protected static double NonNegative(double value, string name) =>
        value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, "Cannot be negative.");
}
