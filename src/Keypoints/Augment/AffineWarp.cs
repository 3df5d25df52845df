using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Augment;

/// <summary>
/// An affine map p' = M·p + B of the image plane in pixel coordinates: pixel (row r, column c) is centred at (x = c,
/// y = r), so a 96x96 image spans −0.5..95.5 on each axis and its centre is 47.5. Images and keypoints go through the
/// same map, which is what keeps labels exact: the image is resampled at M⁻¹(p' − B) for each output pixel p'.
/// </summary>
public readonly record struct AffineWarp(float M11, float M12, float M21, float M22, float Bx, float By)
{
    private const int Size = KeypointSchema.ImageSize;

    /// <summary>The image centre: the rotation and scale pivot.</summary>
    public const float Centre = (Size - 1) / 2f;

    /// <summary>Keypoints beyond this distance from the centre have left the image.</summary>
    private const float HalfExtent = Size / 2f;

    public static AffineWarp Identity => new(1, 0, 0, 1, 0, 0);

    /// <summary>
    /// Rotate by <paramref name="rotationDegrees"/> (clockwise on screen, y growing downward) and scale by
    /// <paramref name="scale"/> about the image centre, then shift by (<paramref name="shiftX"/>, <paramref name="shiftY"/>) pixels.
    /// </summary>
    public static AffineWarp AboutCentre(double rotationDegrees, double scale, double shiftX, double shiftY)
    {
        double radians = rotationDegrees * Math.PI / 180;
        double cos = scale * Math.Cos(radians), sin = scale * Math.Sin(radians);
        // p' = M(p − c) + c + t, so B = c − M·c + t.
        return new((float)cos, (float)-sin, (float)sin, (float)cos,
            (float)(Centre - cos * Centre + sin * Centre + shiftX),
            (float)(Centre - sin * Centre - cos * Centre + shiftY));
    }

    public (float X, float Y) Map(float x, float y) => (M11 * x + M12 * y + Bx, M21 * x + M22 * y + By);

    public AffineWarp Inverse()
    {
        double determinant = (double)M11 * M22 - (double)M12 * M21;
        if (Math.Abs(determinant) < 1e-12) throw new InvalidOperationException("A singular affine map has no inverse.");
        double i11 = M22 / determinant, i12 = -M12 / determinant, i21 = -M21 / determinant, i22 = M11 / determinant;
        return new((float)i11, (float)i12, (float)i21, (float)i22,
            (float)(-(i11 * Bx + i12 * By)), (float)(-(i21 * Bx + i22 * By)));
    }

    /// <summary>
    /// Resamples <paramref name="image"/> into <paramref name="result"/> (no overlap) with bilinear interpolation;
    /// points that fall outside take the nearest edge pixel, so no black corners appear that the network could learn.
    /// </summary>
    public void Warp(ReadOnlySpan<float> image, Span<float> result)
    {
        if (image.Length != KeypointSchema.PixelCount || result.Length != KeypointSchema.PixelCount)
            throw new ArgumentException($"Warp takes one {Size}x{Size} face; got {image.Length} and {result.Length} values.");
        var back = Inverse();
        for (int y = 0; y < Size; y++)
        {
            float sx = back.M12 * y + back.Bx, sy = back.M22 * y + back.By;
            for (int x = 0; x < Size; x++, sx += back.M11, sy += back.M21)
                result[y * Size + x] = Sample(image, sx, sy);
        }
    }

    /// <summary>
    /// Moves the keypoints in <paramref name="targets"/> (one face; schema <paramref name="columns"/>, which must come
    /// as x/y pairs). A keypoint that lands outside the image, or has either coordinate missing, becomes NaN in both.
    /// </summary>
    public void MoveKeypoints(Span<float> targets, IReadOnlyList<int> columns)
    {
        RequireCoordinatePairs(columns);
        if (targets.Length != columns.Count)
            throw new ArgumentException($"Expected {columns.Count} target values, got {targets.Length}.", nameof(targets));
        for (int i = 0; i < targets.Length; i += 2)
        {
            var (x, y) = Map(targets[i], targets[i + 1]);
            bool inside = Math.Abs(x - Centre) <= HalfExtent && Math.Abs(y - Centre) <= HalfExtent; // false for NaN
            targets[i] = inside ? x : float.NaN;
            targets[i + 1] = inside ? y : float.NaN;
        }
    }

    /// <summary>Throws unless <paramref name="columns"/> is a run of (keypoint_x, keypoint_y) column pairs.</summary>
    public static void RequireCoordinatePairs(IReadOnlyList<int> columns)
    {
        for (int i = 0; i < columns.Count; i += 2)
            if (columns[i] % 2 != 0 || i + 1 >= columns.Count || columns[i + 1] != columns[i] + 1)
                throw new ArgumentException(
                    $"Geometric augmentation needs each keypoint's x column followed by its y column; column {i} of " +
                    $"[{string.Join(", ", columns)}] breaks that.", nameof(columns));
    }

    private static float Sample(ReadOnlySpan<float> image, float x, float y)
    {
        x = Math.Clamp(x, 0, Size - 1);
        y = Math.Clamp(y, 0, Size - 1);
        int x0 = Math.Min((int)x, Size - 2), y0 = Math.Min((int)y, Size - 2);
        float fx = x - x0, fy = y - y0;
        // The clamps keep all four neighbours inside the image, so the reads skip bounds checks (the hot loop).
        ref float corner = ref Unsafe.Add(ref MemoryMarshal.GetReference(image), y0 * Size + x0);
        float upperLeft = corner, upperRight = Unsafe.Add(ref corner, 1);
        float lowerLeft = Unsafe.Add(ref corner, Size), lowerRight = Unsafe.Add(ref corner, Size + 1);
        float upper = upperLeft + fx * (upperRight - upperLeft);
        float lower = lowerLeft + fx * (lowerRight - lowerLeft);
        return upper + fy * (lower - upper);
    }
}
