namespace KeypointGrains.Keypoints.Tests.Augment;

internal sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
{
    public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
    public int GetHashCode(float value) => 0;
}
