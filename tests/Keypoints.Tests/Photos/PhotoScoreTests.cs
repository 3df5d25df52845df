using KeypointGrains.Keypoints.Photos;

namespace KeypointGrains.Keypoints.Tests.Photos;

public class PhotoScoreTests
{
    [Fact]
    public void Nme_is_the_mean_point_error_over_the_outer_eye_corner_distance()
    {
        var truth = FaceFraming.MeanShape.ToArray();
        double corners = Math.Sqrt(Math.Pow(truth[6] - truth[10], 2) + Math.Pow(truth[7] - truth[11], 2));
        var shifted = truth.Select((v, i) => i % 2 == 0 ? v + 3 : v).ToArray(); // every point 3 px right
        Assert.Equal(3 / corners, PhotoScore.Nme(shifted, truth), 6);
        Assert.Equal(double.PositiveInfinity, PhotoScore.Nme(Enumerable.Repeat(float.NaN, 30).ToArray(), truth));
    }

    [Fact]
    public void The_summary_counts_missing_faces_as_failures_and_outside_the_curve()
    {
        var summary = PhotoScore.Summarise([0.02, 0.04, 0.10, double.PositiveInfinity]);
        Assert.Equal((4, 3), (summary.Photos, summary.Found));
        Assert.Equal(0.0533333, summary.MeanNme, 5);
        Assert.Equal(0.04, summary.MedianNme, 6);
        Assert.Equal(0.5, summary.FailureRate, 6);
        Assert.Equal((0.06 + 0.04) / 0.08 / 4, summary.Auc, 6);
    }
}
