using KeypointGrains.Keypoints.Photos;

namespace KeypointGrains.Keypoints.Augment;

/// <summary>
/// Frames each training face again the way a face detector's box frames a photo: the face moved by a normal shift and
/// scaled by a log-normal factor about the crop's centre, keypoints moved with their pixels. The defaults are the spread
/// of the Haar box framing against the squares placed from true keypoints that <c>kg fit-framing</c> measured on the
/// labelled photos (1.65 px in each direction, 8% in scale); draws are cut at 2.5 standard deviations, past which the
/// detector's own errors are failures rather than framing.
/// </summary>
public sealed class FramingJitter(double shiftSdPixels = 1.65, double scaleSd = 0.08) : WarpAugmentation
{
    private const double Cut = 2.5;

    public double ShiftSdPixels { get; } = NonNegative(shiftSdPixels, nameof(shiftSdPixels));
    public double ScaleSd { get; } = NonNegative(scaleSd, nameof(scaleSd));

    public override string Name => "framing";

    public override AffineWarp Draw(Random rng) => For(DrawError(rng));

    /// <summary>A framing error from this spread: normal offsets, a log-normal scale.</summary>
    public FramingError DrawError(Random rng) =>
        new(ShiftSdPixels * Normal(rng), ShiftSdPixels * Normal(rng), Math.Exp(ScaleSd * Normal(rng)));

    /// <summary>
    /// What a square framed with <paramref name="error"/> shows of the true square's face: a square s times the true
    /// side, its centre off by d crop pixels, shows the face scaled by 1/s and moved by −d/s about the centre.
    /// </summary>
    public static AffineWarp For(FramingError error) =>
        AffineWarp.AboutCentre(0, 1 / error.Scale, -error.OffsetX / error.Scale, -error.OffsetY / error.Scale);

    /// <summary>A standard normal draw (Box-Muller) within ±<see cref="Cut"/>.</summary>
    private static double Normal(Random rng)
    {
        while (true)
        {
            double z = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            if (Math.Abs(z) <= Cut) return z;
        }
    }
}
