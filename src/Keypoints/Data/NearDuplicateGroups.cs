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
    private const int Length = Cells * Cells * Directions;

    /// <summary>For each face its group, numbered 0, 1, ... in order of each group's first face.</summary>
    public static int[] Find(FaceSet faces, double threshold = DefaultThreshold)
    {
        int stride = (Length + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;
        var features = Describe(faces, stride);
        var links = new List<int>[faces.Count];
        Parallel.For(0, faces.Count, i => links[i] = LinksAbove(features, stride, i, (float)threshold));

        var parent = Enumerable.Range(0, faces.Count).ToArray();
        int Root(int face)
        {
            while (parent[face] != face) face = parent[face] = parent[parent[face]];
            return face;
        }
        for (int i = 0; i < faces.Count; i++)
            foreach (int j in links[i])
            {
                var (a, b) = (Root(i), Root(j));
                parent[Math.Max(a, b)] = Math.Min(a, b);
            }

        var groupOfRoot = new Dictionary<int, int>();
        return Enumerable.Range(0, faces.Count).Select(face => groupOfRoot.TryGetValue(Root(face), out int group)
            ? group
            : groupOfRoot[Root(face)] = groupOfRoot.Count).ToArray();
    }

    /// <summary>The faces after <paramref name="i"/> whose similarity to it reaches the threshold; four at a time to reuse each load of face i.</summary>
    private static List<int> LinksAbove(float[] features, int stride, int i, float threshold)
    {
        var links = new List<int>();
        int count = features.Length / stride, width = Vector<float>.Count;
        var a = features.AsSpan(i * stride, stride);
        int j = i + 1;
        for (; j + 3 < count; j += 4)
        {
            var b0 = features.AsSpan(j * stride, stride);
            var b1 = features.AsSpan((j + 1) * stride, stride);
            var b2 = features.AsSpan((j + 2) * stride, stride);
            var b3 = features.AsSpan((j + 3) * stride, stride);
            Vector<float> s0 = default, s1 = default, s2 = default, s3 = default;
            for (int k = 0; k < stride; k += width)
            {
                var x = new Vector<float>(a[k..]);
                s0 = Vector.FusedMultiplyAdd(x, new Vector<float>(b0[k..]), s0);
                s1 = Vector.FusedMultiplyAdd(x, new Vector<float>(b1[k..]), s1);
                s2 = Vector.FusedMultiplyAdd(x, new Vector<float>(b2[k..]), s2);
                s3 = Vector.FusedMultiplyAdd(x, new Vector<float>(b3[k..]), s3);
            }
            if (Vector.Sum(s0) >= threshold) links.Add(j);
            if (Vector.Sum(s1) >= threshold) links.Add(j + 1);
            if (Vector.Sum(s2) >= threshold) links.Add(j + 2);
            if (Vector.Sum(s3) >= threshold) links.Add(j + 3);
        }
        for (; j < count; j++)
            if (Dot(a, features.AsSpan(j * stride, stride)) >= threshold) links.Add(j);
        return links;
    }

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
    /// noise), square-rooted so that a few strong edges do not dominate; centred per face.
    /// </summary>
    private static void Histogram(ReadOnlySpan<float> image, Span<float> histogram)
    {
        const int size = HalfSize;
        Span<float> half = stackalloc float[size * size];
        for (int y = 0; y < KeypointSchema.ImageSize; y++)
            for (int x = 0; x < KeypointSchema.ImageSize; x++)
                half[y / 2 * size + x / 2] += image[y * KeypointSchema.ImageSize + x];
        histogram.Clear();
        for (int y = 1; y < size - 1; y++)
            for (int x = 1; x < size - 1; x++)
            {
                float gx = half[y * size + x + 1] - half[y * size + x - 1];
                float gy = half[(y + 1) * size + x] - half[(y - 1) * size + x];
                if (gy < 0 || (gy == 0 && gx < 0)) (gx, gy) = (-gx, -gy); // directions, not orientations: fold into [0°, 180°)
                int direction = 0;
                foreach (var (cos, sin) in Boundaries)
                    if (cos * gy - sin * gx >= 0) direction++;
                histogram[((y / CellSize) * Cells + x / CellSize) * Directions + direction] += MathF.Sqrt(gx * gx + gy * gy);
            }
        float average = 0;
        foreach (ref float value in histogram) average += value = MathF.Sqrt(value);
        average /= histogram.Length;
        foreach (ref float value in histogram) value -= average;
    }
}
