using KeypointGrains.Keypoints.Schema;
using TorchSharp;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// Mirrors faces left/right: image column c becomes 95 − c, a keypoint's x becomes <c>mirrorSum</c> − x (Kaggle's
/// labels by default, <see cref="KeypointSchema.LabelMirrorSum"/>; <see cref="KeypointSchema.PixelMirrorSum"/> for
/// points that sit exactly on their pixels), which in scaled units ((v − 48) / 48) is x' = −x + (mirrorSum − 96) / 48;
/// left/right keypoint pairs swap columns (<see cref="KeypointSchema.FlipPermutation"/>). Works on NCHW image batches
/// and scaled target batches.
/// </summary>
public sealed class HorizontalFlip : IDisposable
{
    private readonly Tensor permutation;
    private readonly Tensor scale;
    private readonly Tensor offset;

    public HorizontalFlip(IReadOnlyList<int> columns, Device device, float mirrorSum = KeypointSchema.LabelMirrorSum)
    {
        var isX = columns.Select(c => c % 2 == 0).ToArray();
        float mirroredCentre = mirrorSum - 2 * TargetScaling.Centre;
        permutation = tensor(KeypointSchema.FlipPermutation(columns).Select(p => (long)p).ToArray(), device: device)
            .DetachFromDisposeScope();
        scale = tensor(isX.Select(x => x ? -1f : 1f).ToArray(), device: device).DetachFromDisposeScope();
        offset = tensor(isX.Select(x => x ? mirroredCentre / TargetScaling.HalfRange : 0f).ToArray(), device: device)
            .DetachFromDisposeScope();
    }

    /// <summary>Images [N, C, H, W] mirrored along W.</summary>
    public Tensor Images(Tensor images) => images.flip(3);

    /// <summary>Scaled targets [N, columns] of the mirrored faces.</summary>
    public Tensor Targets(Tensor scaledTargets) => scaledTargets.index_select(1, permutation).mul(scale).add(offset);

    /// <summary>A presence mask [N, columns] following its keypoints to their mirrored columns.</summary>
    public Tensor Mask(Tensor mask) => mask.index_select(1, permutation);

    public void Dispose()
    {
        permutation.Dispose();
        scale.Dispose();
        offset.Dispose();
    }
}
