using System.Numerics;

namespace KeypointGrains.Keypoints.Data;

/// <summary>
/// Pixels as files store them and clients send them (grey levels 0..255, a byte each) and as networks take them (floats
/// in [0,1]): one conversion each way, so that a face sent as bytes predicts exactly as the same face read from a file.
/// </summary>
public static class GreyLevels
{
    /// <summary>The grey levels as floats in [0,1].</summary>
    public static float[] ToUnit(ReadOnlySpan<byte> grey)
    {
        var pixels = GC.AllocateUninitializedArray<float>(grey.Length); // every value is written by Scale
        Scale(grey, pixels);
        return pixels;
    }

    /// <summary>Grey levels into [0,1] floats (each level divided by 255).</summary>
    public static void Scale(ReadOnlySpan<byte> grey, Span<float> pixels)
    {
        int i = 0, width = Vector<byte>.Count, quarter = width / 4;
        var white = new Vector<float>(255f); // dividing, as the scalar tail does, gives the same floats
        for (; i + width <= grey.Length; i += width)
        {
            Vector.Widen(new Vector<byte>(grey[i..]), out var low, out var high);
            Vector.Widen(low, out var first, out var second);
            Vector.Widen(high, out var third, out var fourth);
            (Vector.ConvertToSingle(first) / white).CopyTo(pixels[i..]);
            (Vector.ConvertToSingle(second) / white).CopyTo(pixels[(i + quarter)..]);
            (Vector.ConvertToSingle(third) / white).CopyTo(pixels[(i + 2 * quarter)..]);
            (Vector.ConvertToSingle(fourth) / white).CopyTo(pixels[(i + 3 * quarter)..]);
        }
        for (; i < grey.Length; i++) pixels[i] = grey[i] / 255f;
    }

    /// <summary>Floats in [0,1] back to the grey levels they were read from.</summary>
    public static byte[] ToBytes(ReadOnlySpan<float> pixels)
    {
        var grey = new byte[pixels.Length];
        for (int i = 0; i < grey.Length; i++) grey[i] = (byte)MathF.Round(pixels[i] * 255f);
        return grey;
    }
}
