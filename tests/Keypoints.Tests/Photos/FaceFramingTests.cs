using KeypointGrains.Keypoints.Photos;

namespace KeypointGrains.Keypoints.Tests.Photos;

public class FaceFramingTests
{
    [Fact]
    public void The_box_that_gives_a_square_gives_that_square_back()
    {
        var framing = new FaceFraming(1.062, 0.013, -0.119);
        var square = new PhotoCrop(41.3, -7.9, 173.6);

        var box = framing.ToBox(square, score: 0.8);
        var back = framing.FromBox(box);

        Assert.Equal(box.Width, box.Height);
        Assert.Equal(square.Side / 1.062, box.Width, 0.001);
        Assert.Equal(square.Left, back.Left, 0.001);
        Assert.Equal(square.Top, back.Top, 0.001);
        Assert.Equal(square.Side, back.Side, 0.001);
        Assert.Equal(0.8, box.Score);
    }
}
