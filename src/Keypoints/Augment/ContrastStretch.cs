using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Augment;

/// <summary>
/// Linear contrast stretch: the <paramref name="lowPercentile"/> grey level maps to 0, the
/// <paramref name="highPercentile"/> one to 1, clamped in between. Percentiles rather than min/max so a few
/// specular or black pixels do not decide the stretch. An image with no spread between the two is copied unchanged.
/// </summary>
public sealed class ContrastStretch(double lowPercentile = 2, double highPercentile = 98) : IFaceAugmentation
{
    // The faces are 8-bit grey levels scaled to [0,1], so a 256-bin histogram finds the percentiles exactly in O(n)
    // instead of sorting; other inputs are found to within half a grey level.
    private const int Levels = 256;

    private readonly double low = ValidPercentile(lowPercentile, nameof(lowPercentile));
    private readonly double high = highPercentile > lowPercentile
        ? ValidPercentile(highPercentile, nameof(highPercentile))
        : throw new ArgumentOutOfRangeException(nameof(highPercentile), highPercentile, "Must exceed the low percentile.");

    public string Name => "contrast";

    public void Apply(ReadOnlySpan<float> image, Span<float> result)
    {
        Span<int> histogram = stackalloc int[Levels];
        foreach (var value in image)
            histogram[Level(value)]++;
        float lo = GreyAtRank(histogram, (int)(low / 100 * (image.Length - 1)));
        float hi = GreyAtRank(histogram, (int)(high / 100 * (image.Length - 1)));
        if (hi <= lo)
        {
            image.CopyTo(result);
            return;
        }
        float scale = 1f / (hi - lo);
        for (int i = 0; i < image.Length; i++)
            result[i] = Math.Clamp((image[i] - lo) * scale, 0f, 1f);
    }

    private static int Level(float value) => Math.Clamp((int)(value * (Levels - 1) + 0.5f), 0, Levels - 1);

    /// <summary>The grey level of the pixel at <paramref name="rank"/> (0-based) in ascending order.</summary>
    private static float GreyAtRank(ReadOnlySpan<int> histogram, int rank)
    {
        int below = 0;
        for (int level = 0; level < histogram.Length; level++)
        {
            below += histogram[level];
            if (below > rank) return level / (float)(Levels - 1);
        }
        return 1f;
    }

    private static double ValidPercentile(double value, string name) =>
        value is >= 0 and <= 100 ? value : throw new ArgumentOutOfRangeException(name, value, "A percentile lies in 0..100.");
}
