using KeypointGrains.Keypoints.Schema;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KeypointGrains.Reporting;

/// <summary>Reads the first convolution of a network and runs it (with ReLU) on one face.</summary>
public static class FirstLayerProbe
{
    /// <summary>
    /// The first <see cref="Conv2d"/> in <paramref name="network"/>'s module order, and its ReLU activations on
    /// <paramref name="face"/> (9216 grey levels in [0,1]). Any normalisation the network applies after the convolution
    /// is left out: the maps show what the filters themselves respond to.
    /// </summary>
    public static FirstLayerSnapshot Capture(nn.Module network, float[] face)
    {
        if (face.Length != KeypointSchema.PixelCount)
            throw new ArgumentException($"A face has {KeypointSchema.PixelCount} pixels, not {face.Length}.", nameof(face));
        var (layer, conv) = network.named_modules()
            .Select(m => (m.name, Conv: m.module as Conv2d))
            .FirstOrDefault(m => m.Conv is not null);
        if (conv is null)
            throw new ArgumentException($"Network '{network.GetName()}' has no Conv2d layer to show.", nameof(network));
        var weight = conv.weight ?? throw new InvalidOperationException($"Layer '{layer}' has no weights.");
        if (weight.shape[1] != 1)
            throw new ArgumentException(
                $"Layer '{layer}' takes {weight.shape[1]} input channels; a grey face has one.", nameof(network));

        using var _ = no_grad();
        using var scope = NewDisposeScope();
        const int side = KeypointSchema.ImageSize;
        var input = tensor(face, [1, 1, side, side]).to(weight.device);
        var maps = nn.functional.relu(conv.forward(input)).cpu();
        return new FirstLayerSnapshot(
            network.GetName(),
            layer,
            weight.cpu().data<float>().ToArray(),
            (int)weight.shape[0],
            (int)weight.shape[2],
            (int)weight.shape[3],
            face.ToArray(),
            maps.data<float>().ToArray(),
            (int)maps.shape[2],
            (int)maps.shape[3]);
    }
}
