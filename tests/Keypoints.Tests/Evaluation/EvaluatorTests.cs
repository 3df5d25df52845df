using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Tests.Evaluation;

public class EvaluatorTests
{
    private static readonly int[] EyeCentres = KeypointSchema.Specialist("eye-centers").Columns.ToArray();

    private static FaceSet Faces(int[] ids, params float[] targets) =>
        new(new float[ids.Length * KeypointSchema.PixelCount], targets, ids, EyeCentres);

    [Fact]
    public void Rmse_is_in_pixels_over_present_values_per_keypoint_and_per_image()
    {
        // Mean model learns (left x, left y, right x, right y) = (30, 40, 60, 40).
        using var model = TrainedModel.Mean(Faces([1, 2], 28, 40, 60, 38, 32, 40, 60, 42));
        // Face 7: errors left (+3, 0), right (0, 0). Face 9: errors left (-1, +1), right x missing, right y +4.
        var report = Evaluator.Evaluate(model, Faces([7, 9], 27, 40, 60, 40, 31, 39, float.NaN, 36));

        Assert.Equal(7, report.Values);
        Assert.Equal(Math.Sqrt((9 + 0 + 0 + 0 + 1 + 1 + 16) / 7.0), report.RmsePixels, 9);
        Assert.Equal(["left_eye_center", "right_eye_center"], report.PerKeypoint.Select(k => k.Keypoint));
        Assert.Equal(Math.Sqrt((9 + 0 + 1 + 1) / 4.0), report.PerKeypoint[0].RmsePixels, 9);
        Assert.Equal(Math.Sqrt(16 / 3.0), report.PerKeypoint[1].RmsePixels, 9);
        Assert.Equal("right_eye_center", report.WorstKeypoints[0].Keypoint);
        Assert.Equal("left_eye_center", report.BestKeypoints[0].Keypoint);
        Assert.Equal([9, 7], report.WorstImages.Select(i => i.ImageId));
        Assert.Equal(Math.Sqrt(18 / 3.0), report.WorstImages[0].RmsePixels, 9);
        Assert.Equal(Math.Sqrt(9 / 4.0), report.BestImages[0].RmsePixels, 9);
    }

    [Fact]
    public void Predictions_made_elsewhere_score_in_the_columns_they_name()
    {
        // An ensemble answers the right eye from one model, the left from another; columns in a different order than the set's.
        var faces = Faces([7, 9], 27, 40, 60, 40, 31, 39, float.NaN, 36);
        int[] swapped = [EyeCentres[2], EyeCentres[3], EyeCentres[0], EyeCentres[1]];
        var report = Evaluator.Evaluate("ensemble", swapped, [60, 40, 30, 40, 60, 40, 30, 40], faces);

        Assert.Equal(("ensemble", 7), (report.Network, report.Values));
        Assert.Equal(Math.Sqrt((9 + 0 + 0 + 0 + 1 + 1 + 16) / 7.0), report.RmsePixels, 9);
        Assert.Equal(Math.Sqrt(16 / 3.0), report.PerKeypoint.Single(k => k.Keypoint == "right_eye_center").RmsePixels, 9);
    }

    [Fact]
    public void Predictions_of_the_wrong_size_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Evaluator.Evaluate("ensemble", EyeCentres, new float[7], Faces([7, 9], 27, 40, 60, 40, 31, 39, 60, 36)));
        Assert.Contains("2 faces × 4 columns = 8", error.Message);
    }

    [Fact]
    public void At_most_four_worst_and_best_are_listed()
    {
        var all = Enumerable.Range(0, KeypointSchema.ColumnCount).ToArray();
        var targets = Enumerable.Range(0, 6 * all.Length).Select(i => 20f + i % 37).ToArray();
        var faces = new FaceSet(new float[6 * KeypointSchema.PixelCount], targets, [1, 2, 3, 4, 5, 6], all);
        using var model = TrainedModel.Mean(faces);
        var report = Evaluator.Evaluate(model, faces);
        Assert.Equal(15, report.PerKeypoint.Count);
        Assert.Equal(4, report.WorstKeypoints.Count);
        Assert.Equal(4, report.BestImages.Count);
        Assert.True(report.WorstImages[0].RmsePixels >= report.WorstImages[3].RmsePixels);
        Assert.True(report.BestKeypoints[0].RmsePixels <= report.BestKeypoints[3].RmsePixels);
    }

    [Fact]
    public void A_face_set_without_the_model_columns_is_refused()
    {
        using var model = TrainedModel.Mean(Faces([1], 30, 40, 60, 40));
        var nose = new FaceSet(new float[KeypointSchema.PixelCount], [48, 60], [1], KeypointSchema.Specialist("nose-tip").Columns);
        var error = Assert.Throws<ArgumentException>(() => Evaluator.Evaluate(model, nose));
        Assert.Contains("left_eye_center_x", error.Message);
    }
}
