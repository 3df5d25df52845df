using System.Buffers;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Augment;

/// <summary>
/// The seed's adaptive filter, as the local-statistics Wiener filter for additive noise (Lee 1980; Lim 1990, the form
/// scipy.signal.wiener implements): with μ and σ² the mean and variance of the window around a pixel x and ν the noise
/// variance, result = μ + max(0, σ² − ν)/σ² · (x − μ). Where a window is no busier than noise the pixel becomes the
/// local mean (smoothing); where it holds an edge or texture (σ² ≫ ν) the pixel is kept, so features survive that a
/// box blur would smear. Chosen over Lee's multiplicative (speckle) form and Kuan/Frost filters because these faces
/// carry additive sensor and compression noise, not radar speckle; like scipy, ν is the mean local variance of the
/// image itself, so the window is the only parameter. Unlike scipy (zero padding, which darkens the border) windows
/// are clipped to the image. Window sums come from summed-area tables, so a 9x9 window costs the same as a 3x3.
/// </summary>
public sealed class AdaptiveWienerFilter : IFaceAugmentation
{
    private const int Size = KeypointSchema.ImageSize;
    private const int Stride = Size + 1;
    private readonly int radius;

    public AdaptiveWienerFilter(int window)
    {
        if (window < 3 || window % 2 == 0 || window > Size)
            throw new ArgumentOutOfRangeException(nameof(window), window, $"The window must be odd and 3..{Size} pixels wide.");
        radius = window / 2;
        Name = $"adaptive{window}";
    }

    public string Name { get; }

    public void Apply(ReadOnlySpan<float> image, Span<float> result)
    {
        // Doubles: the variance is E[x²] − μ², a difference of near-equal sums that float would drown in rounding.
        var tables = ArrayPool<double>.Shared.Rent(2 * Stride * Stride);
        var statistics = ArrayPool<float>.Shared.Rent(2 * KeypointSchema.PixelCount);
        try
        {
            var sums = tables.AsSpan(0, Stride * Stride);
            var squares = tables.AsSpan(Stride * Stride, Stride * Stride);
            FillSummedAreaTables(image, sums, squares);

            var means = statistics.AsSpan(0, KeypointSchema.PixelCount);
            var variances = statistics.AsSpan(KeypointSchema.PixelCount, KeypointSchema.PixelCount);
            double noise = 0;
            for (int y = 0; y < Size; y++)
            {
                int top = Math.Max(0, y - radius), bottom = Math.Min(Size, y + radius + 1);
                var sumsAbove = sums.Slice(top * Stride, Stride);
                var sumsBelow = sums.Slice(bottom * Stride, Stride);
                var squaresAbove = squares.Slice(top * Stride, Stride);
                var squaresBelow = squares.Slice(bottom * Stride, Stride);
                for (int x = 0; x < Size; x++)
                {
                    int left = Math.Max(0, x - radius), right = Math.Min(Size, x + radius + 1);
                    double perPixel = 1.0 / ((bottom - top) * (right - left));
                    double mean = (sumsBelow[right] - sumsAbove[right] - sumsBelow[left] + sumsAbove[left]) * perPixel;
                    double meanSquare = (squaresBelow[right] - squaresAbove[right] - squaresBelow[left] + squaresAbove[left]) * perPixel;
                    double variance = Math.Max(0, meanSquare - mean * mean);
                    means[y * Size + x] = (float)mean;
                    variances[y * Size + x] = (float)variance;
                    noise += variance;
                }
            }
            noise /= KeypointSchema.PixelCount;

            for (int i = 0; i < KeypointSchema.PixelCount; i++)
            {
                float variance = variances[i], mean = means[i];
                result[i] = variance > noise ? mean + (float)(1 - noise / variance) * (image[i] - mean) : mean;
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(tables);
            ArrayPool<float>.Shared.Return(statistics);
        }
    }

    /// <summary>Entry (y, x) holds the sum over rows &lt; y and columns &lt; x, so any window is four lookups.</summary>
    private static void FillSummedAreaTables(ReadOnlySpan<float> image, Span<double> sums, Span<double> squares)
    {
        sums[..Stride].Clear();
        squares[..Stride].Clear();
        for (int y = 0; y < Size; y++)
        {
            int row = (y + 1) * Stride;
            sums[row] = squares[row] = 0;
            double rowSum = 0, rowSquares = 0;
            for (int x = 0; x < Size; x++)
            {
                double value = image[y * Size + x];
                rowSum += value;
                rowSquares += value * value;
                sums[row + x + 1] = sums[row - Stride + x + 1] + rowSum;
                squares[row + x + 1] = squares[row - Stride + x + 1] + rowSquares;
            }
        }
    }
}
