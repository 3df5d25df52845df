using KeypointGrains.Keypoints.Networks;
using KeypointGrains.Keypoints.Schema;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Tests.Networks;

public class PassSizeTests
{
    [Fact]
    public void Cpu_passes_shrink_as_the_widest_activation_grows()
    {
        using var network = NetworkRegistry.Create("cnn-bn", 30);
        // cnn-bn's widest map is its first: 16 channels of 96x96 fp32, 576 KiB an image; the cache bound is 28 MiB.
        Assert.Equal(49, PassSize.Images(CPU, network));
        Assert.Equal(8, PassSize.Images(CPU, network, copies: 6));
        Assert.Equal(2, PassSize.Images(CPU, network, copies: 1000));
        // cnn-res's is its stem's: 32 channels at full size, 1,152 KiB.
        using var residual = NetworkRegistry.Create("cnn-res", 30);
        Assert.Equal(24, PassSize.Images(CPU, residual));
    }

    [Fact]
    public void Networks_that_do_not_describe_their_maps_take_a_fixed_cpu_pass()
    {
        using var plain = nn.Sequential(nn.Flatten(), nn.Linear(KeypointSchema.PixelCount, 30));
        using var mlp = NetworkRegistry.Create("mlp", 30);
        Assert.Equal(PassSize.Images(CPU, plain), PassSize.Images(CPU, mlp));
        Assert.InRange(PassSize.Images(CPU, plain), 2, PassSize.GpuImages);
    }
}
