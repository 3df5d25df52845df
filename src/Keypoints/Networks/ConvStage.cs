using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>One convolution step of an <see cref="IFusableNetwork"/>: convolution, batch norm if any, 2x2 max-pool if asked, ReLU.</summary>
public sealed record ConvStage(Conv2d Conv, BatchNorm2d? Norm, bool Pool) : FusableStage
{
    internal override (long WidestValues, long Side) Shape(long side)
    {
        long convolved = OutputSide(Conv, side);
        return (Conv.weight!.shape[0] * convolved * convolved, Pool ? convolved / 2 : convolved);
    }

    internal override nn.Module<Tensor, Tensor> Fuse(IReadOnlyList<FusableStage> stages, bool sharedInput) =>
        new FusedConvStage(AllOfKind<ConvStage>(stages), sharedInput);
}
