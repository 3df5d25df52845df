namespace KeypointGrains.Keypoints.Photos;

/// <summary>A photo that cannot be read: not an image, damaged, or over a limit. The message says which, in one line.</summary>
public sealed class PhotoRejectedException(string message, bool tooLarge = false) : Exception(message)
{
    /// <summary>Over a size limit (HTTP 413), rather than unreadable (HTTP 400).</summary>
    public bool TooLarge { get; } = tooLarge;
}
