using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>The seed's convolution step: "valid" convolution, ReLU, 2x2 max-pool (border rows dropped).</summary>
internal static class ConvBlock
{
    public static Tensor Forward(Conv2d conv, Tensor input) =>
        nn.functional.max_pool2d(nn.functional.relu(conv.forward(input)), 2);
}
