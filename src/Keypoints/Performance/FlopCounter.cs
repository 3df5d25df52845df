using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Performance;

/// <summary>
/// Counts the floating-point operations of one forward pass (a multiply-add is two) of the convolutions and dense
/// layers, which hold nearly all of a network's work, by watching a real forward pass of one probe face (our networks
/// call their layers through call(), which runs forward hooks).
/// </summary>
public static class FlopCounter
{
    public static long ForwardFlopsPerImage(nn.Module<Tensor, Tensor> network)
    {
        long flops = 0;
        var removers = new List<Action>();
        foreach (var (_, layer) in network.named_modules())
        {
            switch (layer)
            {
                case Conv2d conv:
                    removers.Add(conv.register_forward_hook((module, input, output) =>
                    {
                        var weight = conv.weight!;
                        flops += 2 * output.numel() * weight.shape[1] * weight.shape[2] * weight.shape[3];
                        return output;
                    }).remove);
                    break;
                case Linear dense:
                    removers.Add(dense.register_forward_hook((module, input, output) =>
                    {
                        flops += 2 * output.numel() * dense.weight!.shape[1];
                        return output;
                    }).remove);
                    break;
            }
        }
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            bool training = network.training;
            network.eval();
            var device = network.parameters().First().device;
            network.call(zeros(1, 1, Schema.KeypointSchema.ImageSize, Schema.KeypointSchema.ImageSize, device: device));
            if (training) network.train();
        }
        finally
        {
            foreach (var remove in removers) remove();
        }
        return flops;
    }

    /// <summary>Training costs about three forward passes: the forward, and the gradients for inputs and weights.</summary>
    public static long TrainingFlopsPerImage(nn.Module<Tensor, Tensor> network) => 3 * ForwardFlopsPerImage(network);
}
