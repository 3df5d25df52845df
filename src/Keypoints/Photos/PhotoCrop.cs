using KeypointGrains.Keypoints.Schema;

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
    public float[] ToPhoto(ReadOnlySpan<float> crop) => Map(crop, ToPhoto);

    /// <summary>30 coordinates from photo pixels to crop pixels.</summary>
    public float[] ToCrop(ReadOnlySpan<float> photo) => Map(photo, ToCrop);

    private static float[] Map(ReadOnlySpan<float> points, Func<double, double, (double, double)> map)
    {
        var mapped = new float[points.Length];
        for (int k = 0; k + 1 < points.Length; k += 2)
        {
            var (x, y) = map(points[k], points[k + 1]);
            (mapped[k], mapped[k + 1]) = ((float)x, (float)y);
        }
        return mapped;
    }

    /// <summary>
    /// The 96x96 grey face, in floating point, rounded once at the end. A square larger than the face is averaged over each crop
    /// pixel's footprint (every photo pixel weighted by how much of it the footprint covers, so no detail aliases); a
    /// smaller one is sampled bilinearly at the exact sub-pixel positions. The photo's edge pixels repeat past its border.
    /// </summary>
    public byte[] Render(GreyPhoto photo)
    {
        var levels = Levels(photo);
        var face = new byte[levels.Length];
        for (int i = 0; i < face.Length; i++) face[i] = (byte)Math.Clamp(Math.Round(levels[i]), 0, 255);
        return face;
    }

    /// <summary>The face's grey levels before they are rounded to bytes.</summary>
    public double[] Levels(GreyPhoto photo) => Scale < 1 ? Averaged(photo) : Sampled(photo);

    private double[] Averaged(GreyPhoto photo)
    {
        var (columns, firstColumn) = Footprints(Left, photo.Width);
        var (rows, firstRow) = Footprints(Top, photo.Height);
        // Separable: each photo row under a crop row's footprint reduced to 96 values, weighted by its share.
        var face = new double[KeypointSchema.PixelCount];
        var line = new double[Size];
        for (int v = 0; v < Size; v++)
        {
            Array.Clear(line);
            for (int r = 0; r < rows[v].Length; r++)
            {
                if (rows[v][r] == 0) continue;
                int y = Math.Clamp(firstRow[v] + r, 0, photo.Height - 1);
                for (int u = 0; u < Size; u++)
                {
                    double sum = 0;
                    var weights = columns[u];
                    for (int c = 0; c < weights.Length; c++) sum += weights[c] * photo.Pixels[y * photo.Width + Math.Clamp(firstColumn[u] + c, 0, photo.Width - 1)];
                    line[u] += rows[v][r] * sum;
                }
            }
            line.CopyTo(face, v * Size);
        }
        return face;
    }

    /// <summary>For each crop pixel along one axis: the first photo pixel its footprint touches and each one's share.</summary>
    private (double[][] Weights, int[] First) Footprints(double edge, int length)
    {
        var weights = new double[Size][];
        var first = new int[Size];
        for (int i = 0; i < Size; i++)
        {
            double from = edge + i / Scale, to = edge + (i + 1) / Scale; // photo pixel c spans [c - 0.5, c + 0.5]
            int a = (int)Math.Floor(from + 0.5), b = (int)Math.Floor(to + 0.5);
            first[i] = a;
            weights[i] = new double[b - a + 1];
            for (int c = a; c <= b; c++)
                weights[i][c - a] = Math.Max(0, Math.Min(to, c + 0.5) - Math.Max(from, c - 0.5)) * Scale;
        }
        return (weights, first);
    }

    private double[] Sampled(GreyPhoto photo)
    {
        var face = new double[KeypointSchema.PixelCount];
        for (int v = 0; v < Size; v++)
        {
            double y = Math.Clamp(Top + (v + 0.5) / Scale, 0, photo.Height - 1);
            int top = (int)y, below = Math.Min(top + 1, photo.Height - 1);
            double fy = y - top;
            for (int u = 0; u < Size; u++)
            {
                double x = Math.Clamp(Left + (u + 0.5) / Scale, 0, photo.Width - 1);
                int left = (int)x, right = Math.Min(left + 1, photo.Width - 1);
                double fx = x - left;
                double upper = photo[left, top] * (1 - fx) + photo[right, top] * fx;
                double lower = photo[left, below] * (1 - fx) + photo[right, below] * fx;
                face[v * Size + u] = upper * (1 - fy) + lower * fy;
            }
        }
        return face;
    }
}
