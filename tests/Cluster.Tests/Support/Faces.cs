using KeypointGrains.Contracts.Inference;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Cluster.Tests.Support;

public static class Faces
{
    /// <summary>The first <paramref name="count"/> faces of a face set as the bytes a client sends.</summary>
    public static FaceBatch Batch(FaceSet faces, int count)
    {
        var bytes = new byte[count * KeypointSchema.PixelCount];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)MathF.Round(faces.Pixels[i] * 255f);
        return new FaceBatch(bytes);
    }
}
