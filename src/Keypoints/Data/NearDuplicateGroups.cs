using System.Numerics;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Data;

/// <summary>
/// Groups faces that look like frames of one video (one person, same light and background), since rows do not name
/// their person. Faces are described by a coarse histogram of gradient directions (the face at 48x48, 6x6 cells of
/// 8 px, 9 directions over 180°, square-rooted, centred on the set's mean and scaled to unit length); two faces whose
/// cosine similarity reaches the threshold are linked, and the groups are the connected components of those links.
/// </summary>
/// <remarks>
/// Why gradients rather than grey levels: aligned faces all look alike in grey levels (different people often correlate
/// above 0.6), while edge directions of hair, glasses and background tell videos apart. On shared/data/fkd, pairs known to
/// be of different people (a training face against a test face, people never shared) reach 0.60 at a rate of about 5e-6,
/// i.e. about 0.02 false links per face among 3600, while 2080 of the 3600 training faces find a partner; the default
/// threshold is set there.
/// </remarks>
public static class NearDuplicateGroups
{
    public const double DefaultThreshold = 0.60;

    private const int HalfSize = KeypointSchema.ImageSize / 2, CellSize = 8, Cells = HalfSize / CellSize, Directions = 9;
    private const int Length = Cells * Cells * Directions, Tile = 8;

    /// <summary>For each face its group, numbered 0, 1, ... in order of each group's first face.</summary>
    public static int[] Find(FaceSet faces, double threshold = DefaultThreshold)
    {
        int stride = (Length + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;
        var features = Describe(faces, stride);
        var tiles = new List<(int, int)>[(faces.Count + Tile - 1) / Tile];
        Parallel.For(0, tiles.Length, tile => tiles[tile] = TileLinks(features, stride, tile * Tile, (float)threshold));

        var parent = Enumerable.Range(0, faces.Count).ToArray();
        int Root(int face)
        {
            while (parent[face] != face) face = parent[face] = parent[parent[face]];
            return face;
        }
        foreach (var (i, j) in tiles.SelectMany(links => links))
        {
            var (a, b) = (Root(i), Root(j));
            parent[Math.Max(a, b)] = Math.Min(a, b);
        }

        var groupOfRoot = new Dictionary<int, int>();
        return Enumerable.Range(0, faces.Count).Select(face => groupOfRoot.TryGetValue(Root(face), out int group)
            ? group
            : groupOfRoot[Root(face)] = groupOfRoot.Count).ToArray();
    }

    /// <summary>
    /// The links (i, j), i in the tile of <see cref="Tile"/> faces from <paramref name="first"/> and j after i, whose
    /// similarity reaches the threshold. A tile at a time so that each later face is read from memory once per tile, not
    /// once per face: the descriptors (4.7 MB) do not fit in cache.
    /// </summary>
    private static List<(int, int)> TileLinks(float[] features, int stride, int first, float threshold)
    {
        var links = new List<(int, int)>();
        int count = features.Length / stride;
        // A short last tile repeats its last face; the repeats' results are ignored below.
        var a = new int[Tile];
        for (int r = 0; r < Tile; r++) a[r] = Math.Min(first + r, count - 1) * stride;
        Span<float> similarity = stackalloc float[Tile];
        for (int j = first + 1; j < count; j++)
        {
            int b = j * stride;
            Vector<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
            for (int k = 0; k < stride; k += Vector<float>.Count)
            {
                var x = Load(features, b + k);
                s0 = Vector.FusedMultiplyAdd(Load(features, a[0] + k), x, s0);
                s1 = Vector.FusedMultiplyAdd(Load(features, a[1] + k), x, s1);
                s2 = Vector.FusedMultiplyAdd(Load(features, a[2] + k), x, s2);
                s3 = Vector.FusedMultiplyAdd(Load(features, a[3] + k), x, s3);
                s4 = Vector.FusedMultiplyAdd(Load(features, a[4] + k), x, s4);
                s5 = Vector.FusedMultiplyAdd(Load(features, a[5] + k), x, s5);
                s6 = Vector.FusedMultiplyAdd(Load(features, a[6] + k), x, s6);
                s7 = Vector.FusedMultiplyAdd(Load(features, a[7] + k), x, s7);
            }
            (similarity[0], similarity[1], similarity[2], similarity[3]) = (Vector.Sum(s0), Vector.Sum(s1), Vector.Sum(s2), Vector.Sum(s3));
            (similarity[4], similarity[5], similarity[6], similarity[7]) = (Vector.Sum(s4), Vector.Sum(s5), Vector.Sum(s6), Vector.Sum(s7));
            for (int r = 0, i = first; r < Tile && i < j; r++, i++)
                if (similarity[r] >= threshold) links.Add((i, j));
        }
        return links;
    }

    private static Vector<float> Load(float[] values, int start) => new(values.AsSpan(start, Vector<float>.Count));

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Vector<float> sum = default;
        for (int k = 0; k < a.Length; k += Vector<float>.Count)
            sum = Vector.FusedMultiplyAdd(new Vector<float>(a[k..]), new Vector<float>(b[k..]), sum);
        return Vector.Sum(sum);
    }

    /// <summary>Unit-length descriptors, one per face, <paramref name="stride"/> floats apart (zero padding after <see cref="Length"/>).</summary>
    private static float[] Describe(FaceSet faces, int stride)
    {
        var features = new float[faces.Count * stride];
        Parallel.For(0, faces.Count, face => Histogram(faces.Image(face), features.AsSpan(face * stride, Length)));
        // Subtracting the set's mean descriptor removes what every aligned face shares, leaving what tells faces apart.
        var mean = new double[Length];
        for (int face = 0; face < faces.Count; face++)
            for (int k = 0; k < Length; k++)
                mean[k] += features[face * stride + k];
        for (int k = 0; k < Length; k++) mean[k] /= faces.Count;
        Parallel.For(0, faces.Count, face =>
        {
            var feature = features.AsSpan(face * stride, Length);
            for (int k = 0; k < Length; k++) feature[k] -= (float)mean[k];
            float norm = MathF.Sqrt(Dot(features.AsSpan(face * stride, stride), features.AsSpan(face * stride, stride)));
            if (norm > 0)
                foreach (ref float value in feature) value /= norm;
        });
        return features;
    }

    private static readonly (float Cos, float Sin)[] Boundaries =
        Enumerable.Range(1, Directions - 1).Select(k => (MathF.Cos(k * MathF.PI / Directions), MathF.Sin(k * MathF.PI / Directions))).ToArray();

    /// <summary>
    /// Gradient magnitude summed per cell and direction (0..180°) on the face at half resolution (cheaper, and less pixel
    /// noise), square-rooted so that a few strong edges do not dominate; centred per face. Gradients are taken a vector
    /// of pixels at a time.
    /// </summary>
    private static void Histogram(ReadOnlySpan<float> image, Span<float> histogram)
    {
        const int size = HalfSize, full = KeypointSchema.ImageSize;
        int width = Vector<float>.Count;
        // Padded: the last vector of a row reads past its end (those lanes are dropped).
        Span<float> half = stackalloc float[size * size + width];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                int topLeft = 2 * y * full + 2 * x;
                half[y * size + x] = image[topLeft] + image[topLeft + 1] + image[topLeft + full] + image[topLeft + full + 1];
            }
        histogram.Clear();
        for (int y = 1; y < size - 1; y++)
            for (int x = 1; x < size - 1; x += width)
            {
                var gx = new Vector<float>(half[(y * size + x + 1)..]) - new Vector<float>(half[(y * size + x - 1)..]);
                var gy = new Vector<float>(half[((y + 1) * size + x)..]) - new Vector<float>(half[((y - 1) * size + x)..]);
                // Directions, not orientations: fold into [0°, 180°).
                var fold = Vector.LessThan(gy, Vector<float>.Zero) | (Vector.Equals(gy, Vector<float>.Zero) & Vector.LessThan(gx, Vector<float>.Zero));
                (gx, gy) = (Vector.ConditionalSelect(fold, -gx, gx), Vector.ConditionalSelect(fold, -gy, gy));
                var direction = Vector<int>.Zero;
                foreach (var (cos, sin) in Boundaries)
                    direction -= Vector.GreaterThanOrEqual(cos * gy - sin * gx, Vector<float>.Zero); // true is -1
                var magnitude = Vector.SquareRoot(gx * gx + gy * gy);
                for (int lane = 0; lane < width && x + lane < size - 1; lane++)
                    histogram[(y / CellSize * Cells + (x + lane) / CellSize) * Directions + direction[lane]] += magnitude[lane];
            }
        float average = 0;
        foreach (ref float value in histogram) average += value = MathF.Sqrt(value);
        average /= histogram.Length;
        foreach (ref float value in histogram) value -= average;
    }
}
