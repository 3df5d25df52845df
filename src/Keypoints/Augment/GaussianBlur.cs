using System.Buffers;
using System.Numerics;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Augment;

/// <summary>
/// Separable Gaussian blur of a 96x96 face, kernel cut at 3 sigma and normalised; borders replicate the edge pixel so a
/// flat image stays exactly flat. Both passes add whole shifted rows (SIMD) rather than gathering taps per pixel.
/// </summary>
internal sealed class GaussianBlur
{
    private const int Size = KeypointSchema.ImageSize;
    private readonly float[] kernel;
    private readonly int radius;

    public GaussianBlur(double sigma)
    {
        if (!(sigma > 0 && sigma <= Size / 6.0))
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, $"Sigma must lie in (0, {Size / 6}] pixels.");
        radius = (int)Math.Ceiling(3 * sigma);
        var weights = Enumerable.Range(-radius, 2 * radius + 1).Select(d => Math.Exp(-d * d / (2 * sigma * sigma))).ToArray();
        double total = weights.Sum();
        kernel = weights.Select(w => (float)(w / total)).ToArray();
    }

    public void Apply(ReadOnlySpan<float> image, Span<float> result)
    {
        var rented = ArrayPool<float>.Shared.Rent(KeypointSchema.PixelCount);
        try
        {
            var horizontal = rented.AsSpan(0, KeypointSchema.PixelCount);
            Span<float> padded = stackalloc float[Size + 2 * radius];
            for (int y = 0; y < Size; y++)
            {
                var row = image.Slice(y * Size, Size);
                padded[..radius].Fill(row[0]);
                row.CopyTo(padded[radius..]);
                padded[(radius + Size)..].Fill(row[^1]);
                var target = horizontal.Slice(y * Size, Size);
                target.Clear();
                for (int k = 0; k < kernel.Length; k++)
                    AddScaled(padded.Slice(k, Size), kernel[k], target);
            }
            for (int y = 0; y < Size; y++)
            {
                var target = result.Slice(y * Size, Size);
                target.Clear();
                for (int k = 0; k < kernel.Length; k++)
                    AddScaled(horizontal.Slice(Math.Clamp(y + k - radius, 0, Size - 1) * Size, Size), kernel[k], target);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    private static void AddScaled(ReadOnlySpan<float> source, float weight, Span<float> target)
    {
        int i = 0;
        for (; i <= target.Length - Vector<float>.Count; i += Vector<float>.Count)
            (new Vector<float>(source[i..]) * weight + new Vector<float>(target[i..])).CopyTo(target[i..]);
        for (; i < target.Length; i++)
            target[i] += weight * source[i];
    }
}
