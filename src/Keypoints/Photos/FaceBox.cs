namespace KeypointGrains.Keypoints.Photos;

/// <summary>A face's box in photo pixels (left, top, width, height) and how sure the detector is of it.</summary>
public sealed record FaceBox(float X, float Y, float Width, float Height, double Score = 1)
{
    public float CentreX => X + Width / 2;
    public float CentreY => Y + Height / 2;
    public float Area => Width * Height;

    public bool Contains(float x, float y) => x >= X && x <= X + Width && y >= Y && y <= Y + Height;
}
