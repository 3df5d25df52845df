using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>
/// The seed's convolution step: "valid" convolution, ReLU, 2x2 max-pool (border rows dropped). ReLU is applied after
/// the pool, which gives the same values (max and ReLU commute) while touching a quarter of the memory.
/// </summary>
internal static class ConvBlock
{
    public static Tensor Forward(Conv2d conv, Tensor input) =>
        nn.functional.max_pool2d(conv.call(input), 2).relu_();
}
