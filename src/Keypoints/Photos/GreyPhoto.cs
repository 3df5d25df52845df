namespace KeypointGrains.Keypoints.Photos;

/// <summary>
/// A photo as the pipeline sees it: upright (its EXIF orientation applied), one grey level a pixel, row-major. Pixel
/// (c, r) has its centre at x = c, y = r, the convention of the training faces' keypoints.
/// </summary>
public sealed record GreyPhoto(int Width, int Height, byte[] Pixels, string Format)
{
    public byte this[int x, int y] => Pixels[y * Width + x];
}
