using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Performance;

/// <summary>
/// Counts the floating-point operations of one forward pass (a multiply-add is two) by walking the network's layers
/// in registration order with a probe input. Our networks are chains of convolutions, pools and dense layers, so the
/// walk sees the same shapes as the real forward; element-wise layers do not change shapes and are skipped.
/// </summary>
public static class FlopCounter
{
    public static long ForwardFlopsPerImage(nn.Module network)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var shape = zeros(1, 1, Schema.KeypointSchema.ImageSize, Schema.KeypointSchema.ImageSize);
        long flops = 0;
        foreach (var (_, layer) in network.named_modules())
        {
            switch (layer)
            {
                case Conv2d conv:
                    shape = conv.call(shape);
                    var weight = conv.weight!;
                    flops += 2 * shape.numel() * (weight.shape[1] * weight.shape[2] * weight.shape[3]);
                    break;
                case MaxPool2d pool:
                    shape = pool.call(shape);
                    break;
                case Linear dense:
                    shape = dense.call(shape.flatten(1));
                    flops += 2 * dense.weight!.shape[0] * dense.weight.shape[1];
                    break;
            }
        }
        return flops;
    }

    /// <summary>Training costs about three forward passes: the forward, and the gradients for inputs and weights.</summary>
    public static long TrainingFlopsPerImage(nn.Module network) => 3 * ForwardFlopsPerImage(network);
}
