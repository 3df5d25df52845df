using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Tests.Augment;

/// <summary>Small made-up images whose expected response to a transform is known.</summary>
internal static class SyntheticFaces
{
    public const int Size = KeypointSchema.ImageSize;

    public static float[] Flat(float value) => Enumerable.Repeat(value, KeypointSchema.PixelCount).ToArray();

    /// <summary>A vertical step: columns left of <paramref name="edgeColumn"/> are <paramref name="left"/>, the rest <paramref name="right"/>.</summary>
    public static float[] Step(float left, float right, int edgeColumn = Size / 2) =>
        Pixels((x, _) => x < edgeColumn ? left : right);

    public static float[] Pixels(Func<int, int, float> valueAt)
    {
        var image = new float[KeypointSchema.PixelCount];
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
                image[y * Size + x] = valueAt(x, y);
        return image;
    }

    /// <summary>Adds Gaussian noise of <paramref name="sigma"/> (seeded, Box–Muller).</summary>
    public static float[] WithNoise(float[] image, float sigma, int seed)
    {
        var rng = new Random(seed);
        return image.Select(v => v + sigma * (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()))).ToArray();
    }

    /// <summary>A bright Gaussian dot (sigma 1.2 px) centred on (<paramref name="x"/>, <paramref name="y"/>) on a dark field.</summary>
    public static float[] Dot(float x, float y) =>
        Pixels((px, py) => 0.1f + 0.8f * MathF.Exp(-((px - x) * (px - x) + (py - y) * (py - y)) / (2 * 1.2f * 1.2f)));

    public static float[] Apply(Keypoints.Augment.IFaceAugmentation augmentation, float[] image)
    {
        var result = new float[image.Length];
        augmentation.Apply(image, result);
        return result;
    }

    public static float Column(float[] image, int x, int fromRow = 0, int toRow = Size) =>
        Enumerable.Range(fromRow, toRow - fromRow).Average(y => image[y * Size + x]);

    public static double Variance(IEnumerable<float> values)
    {
        var list = values.Select(v => (double)v).ToArray();
        double mean = list.Average();
        return list.Average(v => (v - mean) * (v - mean));
    }

    public static IEnumerable<float> Region(float[] image, int left, int top, int right, int bottom)
    {
        for (int y = top; y < bottom; y++)
            for (int x = left; x < right; x++)
                yield return image[y * Size + x];
    }

    public static double Distance(float ax, float ay, float bx, float by) =>
        Math.Sqrt((ax - bx) * (ax - bx) + (ay - by) * (ay - by));

    /// <summary>Brightness-weighted centre of the 7x7 neighbourhood, above the dark field.</summary>
    public static (float X, float Y) Centroid(float[] image, int x, int y)
    {
        float total = 0, sx = 0, sy = 0;
        for (int py = y - 3; py <= y + 3; py++)
            for (int px = x - 3; px <= x + 3; px++)
            {
                float weight = image[py * Size + px] - 0.1f;
                total += weight;
                sx += weight * px;
                sy += weight * py;
            }
        return (sx / total, sy / total);
    }
}
