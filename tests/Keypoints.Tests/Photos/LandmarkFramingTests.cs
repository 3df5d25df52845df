using KeypointGrains.Keypoints.Photos;

namespace KeypointGrains.Keypoints.Tests.Photos;

public class LandmarkFramingTests
{
    private static readonly float[] Template = [30f, 38f, 63f, 37.5f, 46.5f, 56f, 46.5f, 74f];

    [Fact]
    public void Landmarks_that_sit_exactly_on_the_template_give_the_true_squares_and_all_the_weight()
    {
        var draws = new Random(7);
        var faces = Enumerable.Range(0, 40).Select(_ =>
        {
            var truth = PhotoCrop.Centred(100 + 50 * draws.NextDouble(), 90 + 40 * draws.NextDouble(), 80 + 60 * draws.NextDouble());
            // The box's square strays from the truth; the landmarks do not.
            var fromBox = new FramingError(4 * draws.NextDouble() - 2, 4 * draws.NextDouble() - 2, 0.9 + 0.2 * draws.NextDouble()).From(truth);
            var points = new float[2 * FaceLandmarks.PointCount];
            truth.ToPhoto(Template).CopyTo(points, 0);
            return (new FaceLandmarks(new FaceBox(0, 0, 1, 1), 0.9, points), fromBox, truth);
        }).ToArray();

        var framing = LandmarkFraming.Fit(faces);

        for (int i = 0; i < Template.Length; i++) Assert.Equal(Template[i], framing.Template[i], 0.001f);
        Assert.Equal(1, framing.CentreWeight, 0.0001); // the points are single precision
        Assert.Equal(1, framing.SizeWeight, 0.0001);
        foreach (var (face, fromBox, truth) in faces)
        {
            var framed = framing.Frame(face, fromBox);
            Assert.Equal(truth.Left, framed.Left, 0.001);
            Assert.Equal(truth.Top, framed.Top, 0.001);
            Assert.Equal(truth.Side, framed.Side, 0.001);
        }
    }

    [Fact]
    public void The_weights_blend_the_two_squares_centre_and_log_side()
    {
        var framing = new LandmarkFraming(Template, 0.25, 0.5);
        var truth = new PhotoCrop(10, 20, 100);
        var face = new FaceLandmarks(new FaceBox(0, 0, 1, 1), 0.9, [.. truth.ToPhoto(Template), 0, 0, 0, 0]);
        var fromBox = PhotoCrop.Centred(80, 50, 400); // the landmark square: centre (60, 70), side 100

        var framed = framing.Frame(face, fromBox);

        Assert.Equal(0.25 * 60 + 0.75 * 80, framed.Left + framed.Side / 2, 6);
        Assert.Equal(0.25 * 70 + 0.75 * 50, framed.Top + framed.Side / 2, 6);
        Assert.Equal(200, framed.Side, 6); // the geometric mean of 100 and 400
    }
}
