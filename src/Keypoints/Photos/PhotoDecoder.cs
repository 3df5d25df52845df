using System.Runtime.InteropServices;
using SkiaSharp;

namespace KeypointGrains.Keypoints.Photos;

/// <summary>
/// Encoded photo bytes to an upright <see cref="GreyPhoto"/>. The format comes from the content (JPEG, PNG, WebP, BMP,
/// GIF's first frame), never a file name; the header's size is checked against the limits before any pixel is decoded;
/// the EXIF orientation is applied; colour, alpha, palette and 16-bit samples become one grey level as the training faces
/// were made (ITU-R 601 luma of the colour, alpha ignored).
/// </summary>
public static class PhotoDecoder
{
    private static readonly Dictionary<SKEncodedImageFormat, string> Accepted = new()
    {
        [SKEncodedImageFormat.Jpeg] = "jpeg", [SKEncodedImageFormat.Png] = "png", [SKEncodedImageFormat.Webp] = "webp",
        [SKEncodedImageFormat.Bmp] = "bmp", [SKEncodedImageFormat.Gif] = "gif",
    };

    public static GreyPhoto Decode(byte[] bytes, PhotoLimits? limits = null)
    {
        limits ??= PhotoLimits.Default;
        if (bytes.Length == 0) throw new PhotoRejectedException("the photo is empty (0 bytes)");
        if (bytes.Length > limits.MaxBytes)
            throw new PhotoRejectedException($"the photo has {bytes.Length:N0} bytes, more than the limit of {limits.MaxBytes:N0}", tooLarge: true);

        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data)
            ?? throw new PhotoRejectedException("not an image this service reads (JPEG, PNG, WebP, BMP or GIF), or its header is damaged");
        if (!Accepted.TryGetValue(codec.EncodedFormat, out var format))
            throw new PhotoRejectedException($"a {codec.EncodedFormat} image; send JPEG, PNG, WebP, BMP or GIF");
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0) throw new PhotoRejectedException($"the {format} header declares {width}x{height} pixels");
        if (Math.Max(width, height) > limits.MaxSide || (long)width * height > limits.MaxPixels)
            throw new PhotoRejectedException(
                $"the {format} is {width}x{height} pixels, over the limit of {limits.MaxPixels:N0} pixels and {limits.MaxSide} a side", tooLarge: true);

        var rgba = new byte[checked(width * height * 4)];
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var handle = GCHandle.Alloc(rgba, GCHandleType.Pinned);
        SKCodecResult result;
        try { result = codec.GetPixels(info, handle.AddrOfPinnedObject()); }
        finally { handle.Free(); }
        if (result != SKCodecResult.Success)
            throw new PhotoRejectedException(result == SKCodecResult.IncompleteInput
                ? $"the {format} is truncated: its pixels end before the image does"
                : $"the {format}'s pixels cannot be decoded ({result})");

        var grey = Luma(rgba, width * height);
        return Orient(new GreyPhoto(width, height, grey, format), codec.EncodedOrigin);
    }

    /// <summary>ITU-R 601 luma in 16-bit fixed point, rounded: OpenCV's and Pillow's colour-to-grey.</summary>
    private static byte[] Luma(byte[] rgba, int pixels)
    {
        var grey = new byte[pixels];
        for (int i = 0, j = 0; i < pixels; i++, j += 4)
            grey[i] = (byte)((rgba[j] * 19595 + rgba[j + 1] * 38470 + rgba[j + 2] * 7471 + 32768) >> 16);
        return grey;
    }

    /// <summary>The photo as it is meant to be seen: stored pixels moved by the EXIF orientation (1-8).</summary>
    public static GreyPhoto Orient(GreyPhoto stored, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft) return stored;
        int w = stored.Width, h = stored.Height;
        bool swaps = origin >= SKEncodedOrigin.LeftTop;
        int outW = swaps ? h : w, outH = swaps ? w : h;
        var pixels = new byte[stored.Pixels.Length];
        for (int y = 0; y < outH; y++)
        for (int x = 0; x < outW; x++)
        {
            var (sx, sy) = origin switch
            {
                SKEncodedOrigin.TopRight => (w - 1 - x, y),
                SKEncodedOrigin.BottomRight => (w - 1 - x, h - 1 - y),
                SKEncodedOrigin.BottomLeft => (x, h - 1 - y),
                SKEncodedOrigin.LeftTop => (y, x),
                SKEncodedOrigin.RightTop => (y, h - 1 - x),
                SKEncodedOrigin.RightBottom => (w - 1 - y, h - 1 - x),
                _ => (w - 1 - y, x), // LeftBottom
            };
            pixels[y * outW + x] = stored.Pixels[sy * w + sx];
        }
        return stored with { Width = outW, Height = outH, Pixels = pixels };
    }
}
