using KeypointGrains.Keypoints.Augment;
using static KeypointGrains.Keypoints.Tests.Augment.SyntheticFaces;

namespace KeypointGrains.Keypoints.Tests.Augment;

public class AdaptiveWienerFilterTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(9)]
    public void A_flat_region_is_unchanged(int window)
    {
        var image = Step(0.25f, 0.75f, edgeColumn: 60);
        var result = Apply(new AdaptiveWienerFilter(window), image);

        foreach (int x in new[] { 0, 20, 60 - window / 2 - 1, 60 + window / 2, Size - 1 })
            foreach (int y in new[] { 0, 47, Size - 1 })
                Assert.Equal(image[y * Size + x], result[y * Size + x], 1e-6f);
    }

    [Theory]
    [InlineData(3, 0.5)]
    [InlineData(9, 0.2)]
    public void Noise_on_a_flat_patch_is_reduced(int window, double maxVarianceRatio)
    {
        var noisy = WithNoise(Step(0.2f, 0.8f), 0.05f, seed: 7);
        var result = Apply(new AdaptiveWienerFilter(window), noisy);

        double before = Variance(Region(noisy, 10, 10, 35, 85)), after = Variance(Region(result, 10, 10, 35, 85));
        Assert.True(after < maxVarianceRatio * before, $"variance {before:g3} → {after:g3}");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(9)]
    public void The_edge_is_kept_better_than_by_a_box_blur_of_the_same_window(int window)
    {
        var clean = Step(0.2f, 0.8f);
        var noisy = WithNoise(clean, 0.05f, seed: 11);

        var adaptive = Apply(new AdaptiveWienerFilter(window), noisy);
        var box = BoxBlur(noisy, window);

        float Jump(float[] image) => Column(image, Size / 2) - Column(image, Size / 2 - 1);
        Assert.True(Jump(adaptive) > 0.8f * Jump(clean), $"edge {Jump(adaptive):f3} of {Jump(clean):f3}");
        Assert.True(Jump(adaptive) > Jump(box) + 0.1f, $"adaptive {Jump(adaptive):f3}, box {Jump(box):f3}");
        double ErrorNearEdge(float[] image) =>
            Enumerable.Range(Size / 2 - window, 2 * window).SelectMany(x => Enumerable.Range(0, Size).Select(y => y * Size + x))
                .Average(i => (image[i] - clean[i]) * (image[i] - clean[i]));
        Assert.True(ErrorNearEdge(adaptive) < ErrorNearEdge(box), "closer to the clean step than the box blur");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(9)]
    public void Summed_area_tables_give_the_same_result_as_direct_window_sums(int window)
    {
        var rng = new Random(5);
        var image = Pixels((_, _) => (float)rng.NextDouble());

        var fast = Apply(new AdaptiveWienerFilter(window), image);
        var direct = DirectWiener(image, window);

        for (int i = 0; i < image.Length; i++)
            Assert.Equal(direct[i], fast[i], 1e-5f);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(97)]
    public void Windows_must_be_odd_and_fit_the_image(int window) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveWienerFilter(window));

    /// <summary>The mean over the window clipped to the image: what the adaptive filter uses as its local mean.</summary>
    private static float[] BoxBlur(float[] image, int window) =>
        Pixels((x, y) => (float)WindowOf(image, x, y, window).Average());

    private static IEnumerable<double> WindowOf(float[] image, int x, int y, int window)
    {
        int r = window / 2;
        for (int wy = Math.Max(0, y - r); wy <= Math.Min(Size - 1, y + r); wy++)
            for (int wx = Math.Max(0, x - r); wx <= Math.Min(Size - 1, x + r); wx++)
                yield return image[wy * Size + wx];
    }

    /// <summary>scipy.signal.wiener's formula (with clipped windows) written out the slow, obvious way.</summary>
    private static float[] DirectWiener(float[] image, int window)
    {
        var means = new double[image.Length];
        var variances = new double[image.Length];
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
            {
                var values = WindowOf(image, x, y, window).ToArray();
                means[y * Size + x] = values.Average();
                variances[y * Size + x] = values.Average(v => (v - means[y * Size + x]) * (v - means[y * Size + x]));
            }
        double noise = variances.Average();
        return Pixels((x, y) =>
        {
            int i = y * Size + x;
            return variances[i] > noise
                ? (float)(means[i] + (1 - noise / variances[i]) * (image[i] - means[i]))
                : (float)means[i];
        });
    }
}
