using System.Buffers;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Augment;

/// <summary>
/// The seed's "inverse blur": unsharp masking, image + amount·(image − Gaussian blur), clamped to [0,1]. It adds back
/// the detail a blur removes, so edges overshoot on both sides while flat regions (where blur = image) stay unchanged.
/// </summary>
public sealed class UnsharpMask(double sigma = 1.0, double amount = 1.0) : IFaceAugmentation
{
    private readonly GaussianBlur blur = new(sigma);
    private readonly float amount = amount >= 0
        ? (float)amount
        : throw new ArgumentOutOfRangeException(nameof(amount), amount, "The sharpening amount cannot be negative.");

    public string Name => "unsharp";

    public void Apply(ReadOnlySpan<float> image, Span<float> result)
    {
        var rented = ArrayPool<float>.Shared.Rent(KeypointSchema.PixelCount);
        try
        {
            var blurred = rented.AsSpan(0, image.Length);
            blur.Apply(image, blurred);
            for (int i = 0; i < image.Length; i++)
                result[i] = Math.Clamp(image[i] + amount * (image[i] - blurred[i]), 0f, 1f);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }
}
