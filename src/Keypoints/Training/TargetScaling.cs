namespace KeypointGrains.Keypoints.Training;

/// <summary>The seed's target scaling: pixel coordinates v in 0..96 become (v − 48) / 48, about −1..1.</summary>
public static class TargetScaling
{
    public const float Centre = 48f;
    public const float HalfRange = 48f;

    public static float ToScaled(float pixels) => (pixels - Centre) / HalfRange;

    public static float ToPixels(float scaled) => scaled * HalfRange + Centre;
}
