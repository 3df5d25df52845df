using System.Buffers.Binary;
using System.IO.Compression;
using SkiaSharp;

namespace KeypointGrains.TestSupport;

/// <summary>Photos made for the tests: encoded by Skia, PNGs written chunk by chunk, EXIF orientation inserted.</summary>
public static class TestPhotos
{
    public static string File(string name) => Path.Combine(AppContext.BaseDirectory, "Photos", name);

    /// <summary>A colour image whose pixel (x, y) is <paramref name="colour"/>(x, y), encoded in <paramref name="format"/>.</summary>
    public static byte[] Encode(int width, int height, Func<int, int, SKColor> colour, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
            bitmap.SetPixel(x, y, colour(x, y));
        if (format == SKEncodedImageFormat.Bmp) return Bmp(bitmap);
        using var data = bitmap.Encode(format, 100) ?? throw new InvalidOperationException($"Skia does not encode {format}");
        return data.ToArray();
    }

    /// <summary>A PNG written by hand: any size and bit depth the header may declare, rows as given (before filtering).</summary>
    public static byte[] Png(int width, int height, byte bitDepth, byte colourType, Action<Stream> writeRows)
    {
        using var file = new MemoryStream();
        file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        (header[8], header[9]) = (bitDepth, colourType);
        Chunk(file, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true)) writeRows(zlib);
            Chunk(file, "IDAT", compressed.ToArray());
        }
        Chunk(file, "IEND", []);
        return file.ToArray();
    }

    /// <summary>A 30000x30000 PNG of under 1 MB (1-bit grey, all black): decoding it would take 900 MB of RGBA.</summary>
    public static byte[] HugePng() => Png(30000, 30000, 1, 0, rows =>
    {
        var row = new byte[1 + 30000 / 8];
        for (int y = 0; y < 30000; y++) rows.Write(row);
    });

    /// <summary>The first half of a 64x64 colour PNG.</summary>
    public static byte[] TruncatedPng()
    {
        var png = Encode(64, 64, (x, y) => new SKColor((byte)(x * 4), (byte)(y * 4), (byte)(x ^ y)), SKEncodedImageFormat.Png);
        return png[..(png.Length / 2)];
    }

    /// <summary>A JPEG with an EXIF APP1 segment that gives <paramref name="orientation"/> (1-8) right after its SOI.</summary>
    public static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        // "Exif\0\0", a little-endian TIFF header, IFD0 with one entry: tag 0x0112 (Orientation), SHORT, count 1.
        byte[] tiff = [(byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte)orientation, 0, 0, 0, 0, 0, 0, 0];
        byte[] exif = [(byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0, .. tiff];
        int length = exif.Length + 2;
        return [0xFF, 0xD8, 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. exif, .. jpeg.AsSpan(2)];
    }

    private static void Chunk(Stream file, string type, byte[] data)
    {
        var buffer = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, data.Length);
        file.Write(buffer);
        byte[] typed = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
        file.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(buffer, Crc32(typed));
        file.Write(buffer);
    }

    private static uint Crc32(byte[] bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>A 24-bit BMP (Skia encodes none).</summary>
    private static byte[] Bmp(SKBitmap bitmap)
    {
        int stride = (bitmap.Width * 3 + 3) & ~3, size = 54 + stride * bitmap.Height;
        var bmp = new byte[size];
        bmp[0] = (byte)'B'; bmp[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), size);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), bitmap.Width);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), -bitmap.Height); // top-down rows
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(28), 24);
        for (int y = 0; y < bitmap.Height; y++)
        for (int x = 0; x < bitmap.Width; x++)
        {
            var c = bitmap.GetPixel(x, y);
            int at = 54 + y * stride + 3 * x;
            (bmp[at], bmp[at + 1], bmp[at + 2]) = (c.Blue, c.Green, c.Red);
        }
        return bmp;
    }
}
