using KeypointGrains.Keypoints.Augment;
using static KeypointGrains.Keypoints.Tests.Augment.SyntheticFaces;

namespace KeypointGrains.Keypoints.Tests.Augment;

public class ContrastStretchTests
{
    [Fact]
    public void A_low_contrast_image_is_stretched_to_span_zero_to_one()
    {
        // Grey levels 0.40..0.60 in whole 8-bit steps, rising left to right.
        var image = Pixels((x, y) => MathF.Round((0.4f + 0.2f * (x + y * Size) / (Size * Size - 1)) * 255) / 255);

        var result = Apply(new ContrastStretch(), image);

        Assert.Equal(0f, result.Min());
        Assert.Equal(1f, result.Max());
        Assert.True(result.Count(v => v == 0f) >= 0.02 * result.Length * 0.9, "about 2% of pixels clip to black");
        Assert.True(result.Count(v => v == 1f) >= 0.02 * result.Length * 0.9, "about 2% of pixels clip to white");
        for (int i = 1; i < image.Length; i++)
            Assert.True(result[i] >= result[i - 1], $"order of grey levels kept at pixel {i}");
    }

    [Fact]
    public void A_few_extreme_pixels_do_not_decide_the_stretch()
    {
        var image = Pixels((x, _) => 0.4f + 0.2f * x / (Size - 1));
        image[0] = 0f;
        image[1] = 1f;

        var result = Apply(new ContrastStretch(), image);

        // A min/max stretch would leave these columns at their input 0.45 and 0.55; the percentiles (≈0.404..0.596) spread them.
        Assert.InRange(Column(result, 24), 0.20f, 0.29f);
        Assert.InRange(Column(result, 72), 0.72f, 0.81f);
    }

    [Fact]
    public void A_flat_image_is_copied_unchanged()
    {
        var image = Flat(0.3f);
        Assert.Equal(image, Apply(new ContrastStretch(), image));
    }
}
