using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>
/// A <see cref="ResidualBlock"/> as a step of an <see cref="IFusableNetwork"/>: two convolutions with batch norm (ReLU
/// between them) added to the shortcut (a convolution with batch norm, or the input itself), then ReLU.
/// </summary>
public sealed record ResidualStage(Conv2d Conv1, BatchNorm2d Norm1, Conv2d Conv2, BatchNorm2d Norm2, Conv2d? Shortcut, BatchNorm2d? ShortcutNorm)
    : FusableStage
{
    internal override (long WidestValues, long Side) Shape(long side)
    {
        long output = OutputSide(Conv1, side);
        return (Conv1.weight!.shape[0] * output * output, output);
    }

    internal override nn.Module<Tensor, Tensor> Fuse(IReadOnlyList<FusableStage> stages, bool sharedInput) =>
        new FusedResidualBlock(AllOfKind<ResidualStage>(stages), sharedInput);
}
