namespace KeypointGrains.Keypoints.Photos;

/// <summary>
/// A face as <see cref="BlazeFace"/> finds it, in photo pixels: its box, its score (0-1) and six points in the model's
/// order: the subject's right eye (on the image's left), left eye, nose tip, mouth centre, right ear tragion, left ear
/// tragion.
/// </summary>
public sealed record FaceLandmarks(FaceBox Box, double Score, float[] Points)
{
    public const int PointCount = 6;
}
