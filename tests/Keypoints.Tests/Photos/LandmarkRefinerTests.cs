using KeypointGrains.Keypoints.Photos;
using KeypointGrains.TestSupport;

namespace KeypointGrains.Keypoints.Tests.Photos;

/// <summary>
/// BlazeFace round a detected box on a labelled photo: its eye points against the true eye centres, and the same face
/// moved and enlarged, whose points must move and grow with it (the mapping back to photo pixels).
/// </summary>
public sealed class LandmarkRefinerTests : IDisposable
{
    private readonly FaceDetector detector = new(new DetectorSettings { Landmarks = false });
    private readonly LandmarkRefiner refiner = LandmarkRefiner.From(new DetectorSettings());

    [SkippableFact]
    public void The_eye_points_lie_on_the_true_eye_centres()
    {
        var (photo, truth) = LabelledPhotoTransforms.First();
        var face = Landmarks(photo, truth);

        double eyes = Distance(truth[0], truth[1], truth[2], truth[3]);
        // BlazeFace's first point is the subject's right eye (schema columns 2-3), its second the left (columns 0-1).
        double right = Distance(face.Points[0], face.Points[1], truth[2], truth[3]);
        double left = Distance(face.Points[2], face.Points[3], truth[0], truth[1]);
        Assert.True(right < 0.15 * eyes && left < 0.15 * eyes,
            $"eye points {right:f1} and {left:f1} px from the true centres, {eyes:f1} px apart");
        Assert.True(face.Score > 0.5, $"score {face.Score:f2}");
    }

    [SkippableFact]
    public void A_face_moved_within_a_larger_frame_gives_its_points_moved_as_much()
    {
        const int right = 37, down = 23;
        var (photo, truth) = LabelledPhotoTransforms.First();
        var (moved, movedTruth) = LabelledPhotoTransforms.Moved(right, down);
        var box = Box(photo, truth);

        var before = refiner.Find(photo, box)!;
        var after = refiner.Find(moved, box with { X = box.X + right, Y = box.Y + down });

        Assert.NotNull(after);
        Assert.True(LabelledPhotos.MatchingBox(detector.Detect(moved), movedTruth) >= 0);
        // The model sees the same pixels, so only the mapping back can move the points.
        for (int i = 0; i < before.Points.Length; i++)
            Assert.Equal(before.Points[i] + (i % 2 == 0 ? right : down), after.Points[i], 0.01f);
    }

    [SkippableFact]
    public void A_face_enlarged_twice_gives_its_points_enlarged_twice()
    {
        const int factor = 2;
        var (photo, truth) = LabelledPhotoTransforms.First();
        var (large, _) = LabelledPhotoTransforms.Enlarged(factor);
        var box = Box(photo, truth);

        var before = refiner.Find(photo, box)!;
        var after = refiner.Find(large, new FaceBox((box.X + 0.5f) * factor - 0.5f, (box.Y + 0.5f) * factor - 0.5f, box.Width * factor, box.Height * factor));

        Assert.NotNull(after);
        // The model sees the face resampled, so its answer may differ a little; mapped back, by no more than 2 large pixels.
        for (int i = 0; i < before.Points.Length; i++)
        {
            float expected = (before.Points[i] + 0.5f) * factor - 0.5f;
            Assert.True(Math.Abs(after.Points[i] - expected) <= 2, $"coordinate {i}: {after.Points[i]:f2}, expected {expected:f2}");
        }
    }

    [SkippableFact]
    public void Where_the_cascade_finds_no_face_the_fallback_finds_the_labelled_one_and_frames_it_from_its_landmarks()
    {
        var labelled = LabelledPhotos.Open(TestData.Photos());
        var (photo, truth) = labelled.Rows.Select(row => (Photo: PhotoDecoder.Decode(File.ReadAllBytes(labelled.PathOf(row))), Truth: row.Coordinates.ToArray()))
            .First(p => detector.Detect(p.Photo).Count == 0);
        using var withFallback = new FaceDetector(new DetectorSettings { LandmarkFallback = true });

        var boxes = withFallback.Detect(photo);

        int match = LabelledPhotos.MatchingBox(boxes, truth);
        Assert.True(match >= 0, $"{boxes.Count} boxes, none on the labelled face");
        var error = FramingError.Between(withFallback.Frame(photo, boxes[match], FaceFraming.Fitted), FaceFraming.FromKeypoints(truth));
        // Landmark framing strays 2.3 crop px RMS on the labelled photos; these faces are the cascade's hard ones.
        Assert.True(error.Distance < 8 && Math.Abs(Math.Log(error.Scale)) < 0.25, $"{error}");
    }

    [Fact]
    public void Where_the_model_finds_no_face_the_box_frames_it()
    {
        var blank = new GreyPhoto(200, 200, Enumerable.Repeat((byte)128, 200 * 200).ToArray(), "png");
        var box = new FaceBox(60, 60, 80, 80);

        Assert.Null(refiner.Find(blank, box));
        Assert.Equal(FaceFraming.Fitted.FromBox(box), refiner.Frame(blank, box, FaceFraming.Fitted));
    }

    [Fact]
    public void A_missing_model_file_is_an_error_naming_it_and_the_setting()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"kg-no-model-{Guid.NewGuid():N}.tflite");

        var error = Assert.Throws<FileNotFoundException>(() => LandmarkRefiner.From(new DetectorSettings { LandmarkModel = missing }));

        Assert.Contains(missing, error.Message);
        Assert.Contains("Photos:Detector:LandmarkModel", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    private FaceLandmarks Landmarks(GreyPhoto photo, float[] truth)
    {
        var face = refiner.Find(photo, Box(photo, truth));
        Assert.NotNull(face);
        return face;
    }

    private FaceBox Box(GreyPhoto photo, float[] truth)
    {
        var boxes = detector.Detect(photo);
        int match = LabelledPhotos.MatchingBox(boxes, truth);
        Assert.True(match >= 0, "the detector finds the labelled face");
        return boxes[match];
    }

    private static double Distance(double x, double y, double u, double v) => Math.Sqrt((x - u) * (x - u) + (y - v) * (y - v));

    public void Dispose()
    {
        detector.Dispose();
        refiner.Dispose();
    }
}
