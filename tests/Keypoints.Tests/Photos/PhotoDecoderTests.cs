using KeypointGrains.Keypoints.Photos;
using SkiaSharp;

namespace KeypointGrains.Keypoints.Tests.Photos;

public class PhotoDecoderTests
{
    // Left half pure red, right half pure blue: ITU-R 601 luma 76 and 29.
    private static SKColor RedBlue(int x, int y) => x < 8 ? new SKColor(255, 0, 0) : new SKColor(0, 0, 255);

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, "png")]
    [InlineData(SKEncodedImageFormat.Webp, "webp")]
    [InlineData(SKEncodedImageFormat.Bmp, "bmp")]
    public void Lossless_formats_decode_by_content_to_601_luma(SKEncodedImageFormat format, string name)
    {
        var photo = PhotoDecoder.Decode(TestPhotos.Encode(16, 10, RedBlue, format));
        Assert.Equal((16, 10, name), (photo.Width, photo.Height, photo.Format));
        Assert.Equal(76, photo[2, 5]);
        Assert.Equal(29, photo[13, 5]);
    }

    [Fact]
    public void A_jpeg_decodes_close_to_its_colours_luma()
    {
        var photo = PhotoDecoder.Decode(TestPhotos.Encode(32, 16, (x, _) => x < 16 ? new SKColor(255, 0, 0) : new SKColor(0, 0, 255), SKEncodedImageFormat.Jpeg));
        Assert.Equal("jpeg", photo.Format);
        Assert.InRange((int)photo[4, 8], 70, 82);
        Assert.InRange((int)photo[27, 8], 23, 35);
    }

    [Fact]
    public void Alpha_is_ignored_and_only_the_colour_counts()
    {
        var photo = PhotoDecoder.Decode(TestPhotos.Encode(4, 4, (_, _) => new SKColor(0, 255, 0, 10), SKEncodedImageFormat.Png));
        Assert.Equal(150, photo[1, 1]); // 0.587 × 255
    }

    [Fact]
    public void A_16_bit_png_decodes_to_8_bit_grey()
    {
        // 16-bit grey, 3x2: the high bytes 0x00, 0x80, 0xFF in each row.
        var png = TestPhotos.Png(3, 2, 16, 0, rows =>
        {
            for (int y = 0; y < 2; y++) rows.Write([0, 0x00, 0x00, 0x80, 0x00, 0xFF, 0xFF]);
        });
        var photo = PhotoDecoder.Decode(png);
        Assert.Equal([0, 128, 255, 0, 128, 255], photo.Pixels);
    }

    [Fact]
    public void A_cmyk_jpeg_decodes_to_the_grey_of_its_colours()
    {
        // Left half full cyan ink (RGB 0,255,255: luma 179), right half no ink (white).
        var photo = PhotoDecoder.Decode(File.ReadAllBytes(TestPhotos.File("cmyk.jpg")));
        Assert.Equal((64, 48), (photo.Width, photo.Height));
        Assert.InRange((int)photo[8, 24], 170, 188);
        Assert.InRange((int)photo[56, 24], 245, 255);
    }

    [Fact]
    public void An_animated_gif_gives_its_first_frame()
    {
        var photo = PhotoDecoder.Decode(File.ReadAllBytes(TestPhotos.File("animated.gif")));
        Assert.Equal(("gif", 40, 30), (photo.Format, photo.Width, photo.Height));
        Assert.All(photo.Pixels, p => Assert.Equal(255, p)); // frame 1 is white, frame 2 black
    }

    [Theory]
    [InlineData(1, 12, 8, 3, 2)]  // as stored
    [InlineData(3, 12, 8, 8, 5)]  // turned half round
    [InlineData(6, 8, 12, 5, 3)]  // stored on its side: turned a quarter clockwise to show
    [InlineData(8, 8, 12, 2, 8)]  // a quarter anticlockwise
    [InlineData(2, 12, 8, 8, 2)]  // mirrored left to right
    public void The_exif_orientation_is_applied(ushort orientation, int width, int height, int markX, int markY)
    {
        // A white mark at stored pixel (3, 2) of a black 12x8 image; PNG inside the JPEG would lose the tag, so JPEG.
        var jpeg = TestPhotos.Encode(12, 8, (x, y) => Math.Abs(x - 3) <= 0 && Math.Abs(y - 2) <= 0 ? SKColors.White : SKColors.Black, SKEncodedImageFormat.Jpeg);
        var photo = PhotoDecoder.Decode(TestPhotos.WithExifOrientation(jpeg, orientation));
        Assert.Equal((width, height), (photo.Width, photo.Height));
        int brightest = Array.IndexOf(photo.Pixels, photo.Pixels.Max());
        Assert.Equal((markX, markY), (brightest % photo.Width, brightest / photo.Width));
    }

    [Fact]
    public void A_png_under_any_name_is_a_png() =>
        Assert.Equal("png", PhotoDecoder.Decode(TestPhotos.Encode(3, 3, (_, _) => SKColors.Gray, SKEncodedImageFormat.Png)).Format);

    [Fact]
    public void A_1x1_image_is_a_valid_photo() =>
        Assert.Equal((1, 1), PhotoDecoder.Decode(TestPhotos.Encode(1, 1, (_, _) => SKColors.White, SKEncodedImageFormat.Png)) is var p ? (p.Width, p.Height) : default);

    [Fact]
    public void Bytes_that_are_no_image_are_refused_as_unreadable()
    {
        var empty = Assert.Throws<PhotoRejectedException>(() => PhotoDecoder.Decode([]));
        Assert.Contains("empty", empty.Message);
        var text = Assert.Throws<PhotoRejectedException>(() => PhotoDecoder.Decode("hello, not a photo"u8.ToArray()));
        Assert.False(text.TooLarge);
        Assert.Contains("not an image", text.Message);
    }

    [Fact]
    public void A_truncated_photo_is_refused()
    {
        var error = Assert.Throws<PhotoRejectedException>(() => PhotoDecoder.Decode(TestPhotos.TruncatedPng()));
        Assert.False(error.TooLarge);
    }

    [Fact]
    public void A_30000x30000_png_of_under_a_megabyte_is_refused_from_its_header()
    {
        var png = TestPhotos.HugePng();
        Assert.InRange(png.Length, 1, 1 << 20);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var error = Assert.Throws<PhotoRejectedException>(() => PhotoDecoder.Decode(png));
        Assert.True(error.TooLarge);
        Assert.Contains("30000x30000", error.Message);
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 16L << 20, "no pixel buffer was allocated");
    }

    [Fact]
    public void Limits_are_configurable()
    {
        var png = TestPhotos.Encode(100, 50, (_, _) => SKColors.Gray, SKEncodedImageFormat.Png);
        Assert.True(Assert.Throws<PhotoRejectedException>(() => PhotoDecoder.Decode(png, new PhotoLimits { MaxPixels = 4999 })).TooLarge);
        Assert.True(Assert.Throws<PhotoRejectedException>(() => PhotoDecoder.Decode(png, new PhotoLimits { MaxSide = 99 })).TooLarge);
        Assert.True(Assert.Throws<PhotoRejectedException>(() => PhotoDecoder.Decode(png, new PhotoLimits { MaxBytes = png.Length - 1 })).TooLarge);
        Assert.Equal(100, PhotoDecoder.Decode(png, new PhotoLimits { MaxPixels = 5000, MaxSide = 100, MaxBytes = png.Length }).Width);
    }
}
