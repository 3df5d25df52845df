using KeypointGrains.Keypoints.Photos;
using KeypointGrains.TestSupport;
using OpenCvSharp;

namespace KeypointGrains.Keypoints.Tests.Photos;

/// <summary>The first labelled photo, enlarged or moved within a larger frame, with its true keypoints moved alike.</summary>
internal static class LabelledPhotoTransforms
{
    public static (GreyPhoto Photo, float[] Truth) First()
    {
        var labelled = LabelledPhotos.Open(TestData.Photos());
        var row = labelled.Rows[0];
        return (PhotoDecoder.Decode(File.ReadAllBytes(labelled.PathOf(row))), row.Coordinates.ToArray());
    }

    /// <summary>The first labelled photo, <paramref name="factor"/> times larger (bilinear).</summary>
    public static (GreyPhoto Photo, float[] Truth) Enlarged(int factor)
    {
        var (photo, truth) = First();
        using var source = Mat.FromPixelData(photo.Height, photo.Width, MatType.CV_8UC1, photo.Pixels);
        using var large = source.Resize(new Size(photo.Width * factor, photo.Height * factor), 0, 0, InterpolationFlags.Linear);
        // Pixel centres at whole coordinates: x maps to (x + 0.5) * factor - 0.5.
        return (ToPhoto(large, photo.Format), truth.Select(c => (c + 0.5f) * factor - 0.5f).ToArray());
    }

    /// <summary>The first labelled photo in a larger frame, <paramref name="right"/> and <paramref name="down"/> pixels
    /// from its corner, the frame's other pixels repeating the photo's edges.</summary>
    public static (GreyPhoto Photo, float[] Truth) Moved(int right, int down)
    {
        var (photo, truth) = First();
        using var source = Mat.FromPixelData(photo.Height, photo.Width, MatType.CV_8UC1, photo.Pixels);
        using var moved = new Mat();
        Cv2.CopyMakeBorder(source, moved, down, 40, right, 40, BorderTypes.Replicate);
        return (ToPhoto(moved, photo.Format), truth.Select((c, i) => c + (i % 2 == 0 ? right : down)).ToArray());
    }

    private static GreyPhoto ToPhoto(Mat image, string format)
    {
        var pixels = new byte[image.Width * image.Height];
        System.Runtime.InteropServices.Marshal.Copy(image.Data, pixels, 0, pixels.Length);
        return new GreyPhoto(image.Width, image.Height, pixels, format);
    }
}
