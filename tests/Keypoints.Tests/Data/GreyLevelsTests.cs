using KeypointGrains.Keypoints.Data;

namespace KeypointGrains.Keypoints.Tests.Data;

public class GreyLevelsTests
{
    [Fact]
    public void Every_grey_level_scales_as_its_division_by_255_and_comes_back_unchanged()
    {
        // 3 x 256 + 5 levels: whole vectors and a scalar tail, whatever the vector width.
        var grey = Enumerable.Range(0, 3 * 256 + 5).Select(i => (byte)(i * 7 % 256)).ToArray();

        var pixels = GreyLevels.ToUnit(grey);

        Assert.Equal(grey.Select(g => g / 255f), pixels);
        Assert.Equal(grey, GreyLevels.ToBytes(pixels));
    }
}
