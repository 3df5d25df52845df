using KeypointGrains.Keypoints.Schema;
using SkiaSharp;

namespace KeypointGrains.Keypoints.Photos;

/// <summary>The photo (grey, upright) with each face's box and keypoints drawn over it, as PNG.</summary>
public static class PhotoOverlay
{
    /// <param name="truth">True keypoints to draw beside the predicted ones (green rings), in photo pixels.</param>
    public static byte[] Png(GreyPhoto photo, IEnumerable<(FaceBox Box, float[] Keypoints)> faces, float[]? truth = null)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(photo.Width, photo.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var rgba = new byte[photo.Pixels.Length * 4];
        for (int i = 0; i < photo.Pixels.Length; i++)
        {
            byte g = photo.Pixels[i];
            (rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2], rgba[4 * i + 3]) = (g, g, g, 255);
        }
        System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using (var canvas = new SKCanvas(bitmap))
        {
            float stroke = Math.Max(1, Math.Min(photo.Width, photo.Height) / 200f);
            using var boxPaint = new SKPaint { Color = new SKColor(0, 200, 255), Style = SKPaintStyle.Stroke, StrokeWidth = stroke, IsAntialias = true };
            using var pointPaint = new SKPaint { Color = new SKColor(255, 40, 40), Style = SKPaintStyle.Fill, IsAntialias = true };
            foreach (var (box, points) in faces)
            {
                canvas.DrawRect(box.X, box.Y, box.Width, box.Height, boxPaint);
                // Pixel centres are at whole coordinates; Skia's are at +0.5.
                for (int k = 0; k < KeypointSchema.Keypoints.Count; k++)
                    if (!float.IsNaN(points[2 * k]))
                        canvas.DrawCircle(points[2 * k] + 0.5f, points[2 * k + 1] + 0.5f, Math.Max(1.5f, box.Width / 80), pointPaint);
            }
            if (truth is not null)
            {
                using var truthPaint = new SKPaint { Color = new SKColor(0, 190, 0), Style = SKPaintStyle.Stroke, StrokeWidth = stroke, IsAntialias = true };
                float radius = Math.Max(2.5f, Math.Min(photo.Width, photo.Height) / 90f);
                for (int k = 0; k < KeypointSchema.Keypoints.Count; k++)
                    if (!float.IsNaN(truth[2 * k]))
                        canvas.DrawCircle(truth[2 * k] + 0.5f, truth[2 * k + 1] + 0.5f, radius, truthPaint);
            }
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
