namespace KeypointGrains.Keypoints.Photos;

/// <summary>
/// What a photo may weigh before it is read: its bytes, and its pixels as its header declares them (checked before any
/// pixel is decoded, so a small file that declares a huge image is refused without allocating for it).
/// </summary>
public sealed record PhotoLimits
{
    /// <summary>Bytes of the encoded photo (20 MiB: a 50-megapixel phone JPEG fits).</summary>
    public long MaxBytes { get; init; } = 20L << 20;

    /// <summary>Width times height (50 megapixels: 8192x6144 fits; decoded to 4 bytes a pixel, 200 MB at most).</summary>
    public long MaxPixels { get; init; } = 50_000_000;

    /// <summary>The longer side, whatever the area (a 1x100000 strip is refused too).</summary>
    public int MaxSide { get; init; } = 16_384;

    public static PhotoLimits Default { get; } = new();
}
