using TorchSharp;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>
/// How many images one inference pass takes. On a GPU, enough to fill it while bounding activation memory. On the CPU,
/// as many as keep the pass's widest activation within the last-level cache: past that every layer streams its maps
/// from memory. Measured on two EPYC cores with 32 MiB of L3, cnn-bn: one network 13.1 ms an image in passes of 32
/// images and 24.1 in passes of 256; six fused 13.7 ms at 8 images (27 MiB), 19.3 at 12, 24.7 at 256.
/// </summary>
public static class PassSize
{
    public const int GpuImages = 256;
    private const long CpuActivationBytes = 28L << 20;
    // Networks whose layers are not described (IFusableNetwork) take passes that suit cnn-bn alone.
    private const int CpuImagesOfUndescribedNetworks = 32;

    /// <summary>Images per pass of <paramref name="copies"/> networks like <paramref name="network"/> run as one (fused) on <paramref name="device"/>.</summary>
    public static int Images(Device device, nn.Module network, int copies = 1)
    {
        if (device.type != DeviceType.CPU) return GpuImages;
        if (network is not IFusableNetwork { Stages.Count: > 0 } described) return CpuImagesOfUndescribedNetworks;
        long bytes = WidestActivationBytes(described) * copies;
        return (int)Math.Clamp(CpuActivationBytes / bytes, 2, GpuImages);
    }

    /// <summary>The largest map of one image in any stage, in fp32 bytes.</summary>
    private static long WidestActivationBytes(IFusableNetwork network)
    {
        long side = Schema.KeypointSchema.ImageSize, widest = 0;
        foreach (var stage in network.Stages)
        {
            (long values, side) = stage.Shape(side);
            widest = Math.Max(widest, values * sizeof(float));
        }
        return widest;
    }
}
