using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Schema;
using TorchSharp;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// A whole face set resident on the training device, so batches are gathered with index_select instead of being
/// copied face by face from managed memory: images [N,1,96,96], scaled targets [N,C] with missing values set to 0,
/// and the presence mask [N,C] (1 = labelled).
/// </summary>
internal sealed class FaceTensors : IDisposable
{
    public FaceTensors(FaceSet faces, Device device)
    {
        Count = faces.Count;
        int width = faces.Columns.Count;
        var scaled = new float[faces.Targets.Length];
        var present = new float[faces.Targets.Length];
        for (int i = 0; i < scaled.Length; i++)
        {
            var value = faces.Targets[i];
            if (float.IsNaN(value)) continue;
            scaled[i] = TargetScaling.ToScaled(value);
            present[i] = 1f;
        }
        PresentValues = (long)present.Sum();
        const int side = KeypointSchema.ImageSize;
        Images = tensor(faces.Pixels, [Count, 1, side, side], device: device).DetachFromDisposeScope();
        Targets = tensor(scaled, [Count, width], device: device).DetachFromDisposeScope();
        Mask = tensor(present, [Count, width], device: device).DetachFromDisposeScope();
    }

    public int Count { get; }
    public long PresentValues { get; }
    public Tensor Images { get; }
    public Tensor Targets { get; }
    public Tensor Mask { get; }

    public void Dispose()
    {
        Images.Dispose();
        Targets.Dispose();
        Mask.Dispose();
    }
}
