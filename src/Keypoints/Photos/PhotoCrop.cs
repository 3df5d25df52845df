using KeypointGrains.Keypoints.Schema;
using OpenCvSharp;

namespace KeypointGrains.Keypoints.Photos;

/// <summary>
/// An axis-aligned square of a photo resized to the models' 96x96 face. Pixel centres sit at whole coordinates in both
/// images (the training keypoints' convention), so the square's left edge is at <see cref="Left"/> and crop pixel u
/// samples the photo at x = Left + (u + 0.5) · Side / 96. The mapping both ways is exact in floating point.
/// </summary>
public sealed record PhotoCrop(double Left, double Top, double Side)
{
    private const int Size = KeypointSchema.ImageSize;

    public double Scale => Size / Side;

    public static PhotoCrop Centred(double centreX, double centreY, double side) => new(centreX - side / 2, centreY - side / 2, side);

    public (double U, double V) ToCrop(double x, double y) => ((x - Left) * Scale - 0.5, (y - Top) * Scale - 0.5);

    public (double X, double Y) ToPhoto(double u, double v) => (Left + (u + 0.5) / Scale, Top + (v + 0.5) / Scale);

    /// <summary>30 coordinates (schema order) from crop pixels to photo pixels.</summary>
    public float[] ToPhoto(ReadOnlySpan<float> crop)
    {
        var photo = new float[crop.Length];
        for (int k = 0; k + 1 < crop.Length; k += 2)
        {
            var (x, y) = ToPhoto(crop[k], crop[k + 1]);
            (photo[k], photo[k + 1]) = ((float)x, (float)y);
        }
        return photo;
    }

    /// <summary>30 coordinates from photo pixels to crop pixels.</summary>
    public float[] ToCrop(ReadOnlySpan<float> photo)
    {
        var crop = new float[photo.Length];
        for (int k = 0; k + 1 < photo.Length; k += 2)
        {
            var (u, v) = ToCrop(photo[k], photo[k + 1]);
            (crop[k], crop[k + 1]) = ((float)u, (float)v);
        }
        return crop;
    }

    /// <summary>
    /// The 96x96 grey face. A larger square is first shrunk by area averaging (as a resize does, so no detail aliases),
    /// then sampled bilinearly at the exact sub-pixel positions; the photo's edge pixels repeat past its border.
    /// </summary>
    public byte[] Render(GreyPhoto photo)
    {
        // Only the part of the photo under the square (and a pixel round it) is touched.
        int x0 = Math.Clamp((int)Math.Floor(Left) - 1, 0, photo.Width - 1), y0 = Math.Clamp((int)Math.Floor(Top) - 1, 0, photo.Height - 1);
        int x1 = Math.Clamp((int)Math.Ceiling(Left + Side) + 1, x0 + 1, photo.Width), y1 = Math.Clamp((int)Math.Ceiling(Top + Side) + 1, y0 + 1, photo.Height);
        using var whole = Mat.FromPixelData(photo.Height, photo.Width, MatType.CV_8UC1, photo.Pixels);
        using var region = new Mat(whole, new Rect(x0, y0, x1 - x0, y1 - y0));
        using var source = new Mat();
        double sx = 1, sy = 1;
        if (Scale < 1)
        {
            int w = Math.Max(1, (int)Math.Round(region.Width * Scale)), h = Math.Max(1, (int)Math.Round(region.Height * Scale));
            Cv2.Resize(region, source, new OpenCvSharp.Size(w, h), 0, 0, InterpolationFlags.Area);
            (sx, sy) = ((double)w / region.Width, (double)h / region.Height);
        }
        else region.CopyTo(source);

        // Source pixel x' (centre) lies at region x = (x' + 0.5) / sx - 0.5, photo x = that + x0; crop u = (x - Left)·Scale - 0.5.
        using var transform = new Mat(2, 3, MatType.CV_64FC1);
        transform.Set(0, 0, Scale / sx); transform.Set(0, 1, 0.0); transform.Set(0, 2, (0.5 / sx - 0.5 + x0 - Left) * Scale - 0.5);
        transform.Set(1, 0, 0.0); transform.Set(1, 1, Scale / sy); transform.Set(1, 2, (0.5 / sy - 0.5 + y0 - Top) * Scale - 0.5);
        using var face = new Mat();
        Cv2.WarpAffine(source, face, transform, new OpenCvSharp.Size(Size, Size), InterpolationFlags.Linear, BorderTypes.Replicate);
        var pixels = new byte[KeypointSchema.PixelCount];
        face.GetArray(out byte[] values);
        values.CopyTo(pixels, 0);
        return pixels;
    }
}
