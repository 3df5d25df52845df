using KeypointGrains.Keypoints.Photos;

namespace KeypointGrains.Keypoints.Tests.Photos;

/// <summary>The detector on a labelled photo enlarged three times, scanned at full size and as a reduced copy.</summary>
public class FaceDetectorTests
{
    private const int Enlarged = 3;

    [SkippableFact]
    public void A_face_found_on_a_reduced_copy_lands_where_the_full_size_scan_finds_it()
    {
        var (photo, truth) = LabelledPhotoTransforms.Enlarged(Enlarged);
        using var full = new FaceDetector(new DetectorSettings { MaxScanSide = 0 });
        using var reduced = new FaceDetector(new DetectorSettings { MaxScanSide = 288 });

        var atFullSize = Labelled(full.Detect(photo), truth);
        var onCopy = Labelled(reduced.Detect(photo), truth);

        // The copy is scanned at about a third of the photo's size, so its boxes are about three photo pixels coarse.
        Assert.True(Math.Abs(onCopy.CentreX - atFullSize.CentreX) <= 0.03 * atFullSize.Width,
            $"centre x {onCopy.CentreX:f1} on the copy, {atFullSize.CentreX:f1} at full size");
        Assert.True(Math.Abs(onCopy.CentreY - atFullSize.CentreY) <= 0.03 * atFullSize.Width,
            $"centre y {onCopy.CentreY:f1} on the copy, {atFullSize.CentreY:f1} at full size");
        Assert.InRange(onCopy.Width / atFullSize.Width, 0.92, 1.08);
        Assert.InRange(onCopy.Height / onCopy.Width, 0.95, 1.05); // scaled back by the same factor both ways
    }

    [SkippableFact]
    public void The_smallest_face_size_stays_in_photo_pixels_on_a_reduced_copy()
    {
        var (photo, truth) = LabelledPhotoTransforms.Enlarged(Enlarged);
        using var any = new FaceDetector(new DetectorSettings { MaxScanSide = 288 });
        float side = Labelled(any.Detect(photo), truth).Width;

        foreach (int maxScanSide in new[] { 0, 288 })
        {
            using var smaller = new FaceDetector(new DetectorSettings { MaxScanSide = maxScanSide, MinFaceSize = (int)(0.7 * side) });
            using var larger = new FaceDetector(new DetectorSettings { MaxScanSide = maxScanSide, MinFaceSize = (int)(1.3 * side) });
            Assert.True(LabelledPhotos.MatchingBox(smaller.Detect(photo), truth) >= 0, $"scan side {maxScanSide}: a {side:f0} px face is over 0.7 of it");
            Assert.True(LabelledPhotos.MatchingBox(larger.Detect(photo), truth) < 0, $"scan side {maxScanSide}: a {side:f0} px face is under 1.3 of it");
        }
    }

    private static FaceBox Labelled(IReadOnlyList<FaceBox> boxes, float[] truth)
    {
        int match = LabelledPhotos.MatchingBox(boxes, truth);
        Assert.True(match >= 0, $"no box holds the labelled face among {boxes.Count}");
        return boxes[match];
    }
}
