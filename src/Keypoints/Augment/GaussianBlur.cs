using System.Buffers;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Augment;

/// <summary>
/// Separable Gaussian blur of a 96x96 face, kernel cut at 3 sigma and normalised; borders replicate the edge pixel so a
/// flat image stays exactly flat.
/// </summary>
internal sealed class GaussianBlur
{
    private const int Size = KeypointSchema.ImageSize;
    private readonly float[] kernel;
    private readonly int radius;

    public GaussianBlur(double sigma)
    {
        if (!(sigma > 0)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "Sigma must be positive.");
        radius = (int)Math.Ceiling(3 * sigma);
        var weights = Enumerable.Range(-radius, 2 * radius + 1).Select(d => Math.Exp(-d * d / (2 * sigma * sigma))).ToArray();
        double total = weights.Sum();
        kernel = weights.Select(w => (float)(w / total)).ToArray();
    }

    public void Apply(ReadOnlySpan<float> image, Span<float> result)
    {
        var rows = ArrayPool<float>.Shared.Rent(KeypointSchema.PixelCount);
        try
        {
            var horizontal = rows.AsSpan(0, KeypointSchema.PixelCount);
            for (int y = 0; y < Size; y++)
            {
                var source = image.Slice(y * Size, Size);
                for (int x = 0; x < Size; x++)
                {
                    float sum = 0;
                    for (int k = -radius; k <= radius; k++)
                        sum += kernel[k + radius] * source[Math.Clamp(x + k, 0, Size - 1)];
                    horizontal[y * Size + x] = sum;
                }
            }
            for (int y = 0; y < Size; y++)
            {
                var target = result.Slice(y * Size, Size);
                target.Clear();
                for (int k = -radius; k <= radius; k++)
                {
                    float weight = kernel[k + radius];
                    var source = horizontal.Slice(Math.Clamp(y + k, 0, Size - 1) * Size, Size);
                    for (int x = 0; x < Size; x++)
                        target[x] += weight * source[x];
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rows);
        }
    }
}
