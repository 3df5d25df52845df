using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// Estimates from labelled faces where their labels go when a face is mirrored: x → c − x (the mirrorSum of
/// <see cref="HorizontalFlip"/>). Pixels mirror as column p → 95 − p; labels that sit δ px right of the pixels they mark
/// mirror as x → 95 + 2δ − x. Faces are nearly mirror-symmetric, so the patch around a left keypoint, read at its pixel
/// x − δ and mirrored, looks like the patch around its right partner read at that one's x − δ once δ is right. The
/// estimate is the δ whose patches match best, summed over every labelled left/right pair of every face.
/// </summary>
public static class LabelMirror
{
    /// <summary>13x13 patches: an eye with its corners, a mouth corner with the lips beside it.</summary>
    private const int PatchRadius = 6;

    /// <summary>δ is searched within ±3 px (c within 89..101) on a quarter-pixel grid, then refined by a parabola.</summary>
    private const float SearchLimit = 3f;
    private const float SearchStep = 0.25f;

    private const int Side = KeypointSchema.ImageSize;

    /// <summary>c for <paramref name="faces"/>, or null when none of them labels both keypoints of a left/right pair.</summary>
    public static float? Estimate(FaceSet faces)
    {
        var pairs = LabelledPairs(faces.Columns);
        if (pairs.Length == 0) return null;
        int steps = (int)Math.Round(2 * SearchLimit / SearchStep) + 1;
        var offsets = Enumerable.Range(0, steps).Select(i => -SearchLimit + i * SearchStep).ToArray();

        // Per face, then summed in face order: the same faces always give the same estimate, however threads ran.
        var perFace = new double[]?[faces.Count];
        Parallel.For(0, faces.Count, face => perFace[face] = Mismatches(faces, face, pairs, offsets));
        if (perFace.All(mismatches => mismatches is null)) return null;
        var total = new double[steps];
        foreach (var mismatches in perFace.OfType<double[]>())
            for (int k = 0; k < steps; k++) total[k] += mismatches[k];

        int best = Array.IndexOf(total, total.Min());
        float delta = offsets[best];
        if (best > 0 && best < steps - 1)
        {
            double left = total[best - 1], centre = total[best], right = total[best + 1];
            double curvature = left - 2 * centre + right;
            if (curvature > 0) delta += (float)(SearchStep * (left - right) / (2 * curvature));
        }
        return KeypointSchema.PixelMirrorSum + 2 * delta;
    }

    /// <summary>For each flip pair whose x and y columns <paramref name="columns"/> all hold: their positions.</summary>
    private static (int LeftX, int LeftY, int RightX, int RightY)[] LabelledPairs(IReadOnlyList<int> columns)
    {
        var position = columns.Select((column, index) => (column, index)).ToDictionary(c => c.column, c => c.index);
        return KeypointSchema.FlipPairs
            .Where(p => new[] { 2 * p.Left, 2 * p.Left + 1, 2 * p.Right, 2 * p.Right + 1 }.All(position.ContainsKey))
            .Select(p => (position[2 * p.Left], position[2 * p.Left + 1], position[2 * p.Right], position[2 * p.Right + 1]))
            .ToArray();
    }

    /// <summary>Squared differences of the mirrored patch pairs of one face at each offset; null when it labels no pair.</summary>
    private static double[]? Mismatches(FaceSet faces, int face, (int LeftX, int LeftY, int RightX, int RightY)[] pairs, float[] offsets)
    {
        var image = faces.Image(face);
        var targets = faces.Target(face);
        double[]? sums = null;
        foreach (var (leftX, leftY, rightX, rightY) in pairs)
        {
            float xl = targets[leftX], yl = targets[leftY], xr = targets[rightX], yr = targets[rightY];
            if (float.IsNaN(xl) || float.IsNaN(yl) || float.IsNaN(xr) || float.IsNaN(yr)) continue;
            sums ??= new double[offsets.Length];
            for (int k = 0; k < offsets.Length; k++)
            {
                float left = xl - offsets[k], right = xr - offsets[k];
                double sum = 0;
                for (int v = -PatchRadius; v <= PatchRadius; v++)
                    for (int u = -PatchRadius; u <= PatchRadius; u++)
                    {
                        float difference = Bilinear(image, left + u, yl + v) - Bilinear(image, right - u, yr + v);
                        sum += difference * difference;
                    }
                sums[k] += sum;
            }
        }
        return sums;
    }

    /// <summary>The image at (x, y) in pixel coordinates (pixel centres at integers), edge pixels repeated outside.</summary>
    private static float Bilinear(ReadOnlySpan<float> image, float x, float y)
    {
        x = Math.Clamp(x, 0, Side - 1);
        y = Math.Clamp(y, 0, Side - 1);
        int x0 = Math.Min((int)x, Side - 2), y0 = Math.Min((int)y, Side - 2);
        float fx = x - x0, fy = y - y0;
        int at = y0 * Side + x0;
        float upper = image[at] + fx * (image[at + 1] - image[at]);
        float lower = image[at + Side] + fx * (image[at + Side + 1] - image[at + Side]);
        return upper + fy * (lower - upper);
    }
}
