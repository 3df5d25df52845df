using KeypointGrains.Contracts.Inference;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Cluster.Tests.Support;

public static class Faces
{
    /// <summary>The first <paramref name="count"/> faces of a face set as the bytes a client sends.</summary>
    public static FaceBatch Batch(FaceSet faces, int count) =>
        new(GreyLevels.ToBytes(faces.Pixels.AsSpan(0, count * KeypointSchema.PixelCount)));
}
