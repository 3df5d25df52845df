using KeypointGrains.Keypoints.Augment;
using static KeypointGrains.Keypoints.Tests.Augment.SyntheticFaces;

namespace KeypointGrains.Keypoints.Tests.Augment;

public class UnsharpMaskTests
{
    [Fact]
    public void An_edge_overshoots_on_both_sides()
    {
        var result = Apply(new UnsharpMask(), Step(0.3f, 0.7f));

        Assert.True(Column(result, Size / 2 - 1) < 0.3f - 0.05f, "dark side of the edge gets darker");
        Assert.True(Column(result, Size / 2) > 0.7f + 0.05f, "bright side of the edge gets brighter");
    }

    [Fact]
    public void Regions_far_from_any_edge_are_unchanged()
    {
        var image = Step(0.3f, 0.7f);
        var result = Apply(new UnsharpMask(), image);

        foreach (int x in new[] { 0, 10, Size / 2 - 5, Size / 2 + 4, 80, Size - 1 })
            Assert.Equal(image[40 * Size + x], result[40 * Size + x], 1e-6f);
        Assert.Equal(Flat(0.42f), Apply(new UnsharpMask(), Flat(0.42f)), new FloatTolerance(1e-6f));
    }

    [Fact]
    public void Output_stays_in_the_unit_range()
    {
        var result = Apply(new UnsharpMask(amount: 3), Step(0f, 1f));
        Assert.InRange(result.Min(), 0f, 1f);
        Assert.InRange(result.Max(), 0f, 1f);
    }
}
