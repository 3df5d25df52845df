using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>
/// A ResNet basic block: two 3x3 convolutions with batch norm, the first one strided, added to a shortcut (a strided
/// 1x1 convolution with batch norm where the shape changes), then ReLU.
/// </summary>
public sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d norm1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d norm2;
    private readonly Conv2d? shortcut;
    private readonly BatchNorm2d? shortcutNorm;

    public ResidualBlock(int input, int output, int stride) : base(nameof(ResidualBlock))
    {
        // No conv biases: each batch norm's shift does that job.
        conv1 = nn.Conv2d(input, output, 3, stride: stride, padding: 1, bias: false);
        norm1 = nn.BatchNorm2d(output);
        conv2 = nn.Conv2d(output, output, 3, padding: 1, bias: false);
        norm2 = nn.BatchNorm2d(output);
        if (stride != 1 || input != output)
        {
            shortcut = nn.Conv2d(input, output, 1, stride: stride, bias: false);
            shortcutNorm = nn.BatchNorm2d(output);
        }
        RegisterComponents();
    }

    /// <summary>This block's layers, for fusing it with the same block of other networks.</summary>
    public ResidualStage Stage => new(conv1, norm1, conv2, norm2, shortcut, shortcutNorm);

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = norm1.call(conv1.call(input)).relu_();
        x = norm2.call(conv2.call(x));
        var identity = shortcut is null ? input : shortcutNorm!.call(shortcut.call(input));
        return x.add_(identity).relu_().MoveToOuterDisposeScope();
    }
}
