namespace KeypointGrains.Keypoints.Augment;

/// <summary>
/// Random rotation, scale and shift for each face of a training batch, keypoints moved exactly with their pixels
/// (see <see cref="AffineWarp"/>). Every parameter is drawn uniformly in ±its maximum. The defaults stay within the
/// spread of real face crops (the data's own crops vary ~±7% in scale and ±2 px in position, heads tilt ~±15°) so
/// few keypoints are pushed out of the image.
/// </summary>
public sealed class AffineAugmentation(double maxRotationDegrees = 15, double maxScaleChange = 0.1, double maxShiftPixels = 5)
    : WarpAugmentation
{
    public double MaxRotationDegrees { get; } = NonNegative(maxRotationDegrees, nameof(maxRotationDegrees));
    public double MaxScaleChange { get; } = maxScaleChange is >= 0 and < 1
        ? maxScaleChange
        : throw new ArgumentOutOfRangeException(nameof(maxScaleChange), maxScaleChange, "The scale change lies in 0..1 (exclusive).");
    public double MaxShiftPixels { get; } = NonNegative(maxShiftPixels, nameof(maxShiftPixels));

    public override string Name => "affine";

    public override AffineWarp Draw(Random rng) => AffineWarp.AboutCentre(
        Uniform(rng, MaxRotationDegrees), 1 + Uniform(rng, MaxScaleChange), Uniform(rng, MaxShiftPixels), Uniform(rng, MaxShiftPixels));

    private static double Uniform(Random rng, double limit) => limit * (2 * rng.NextDouble() - 1);
}
