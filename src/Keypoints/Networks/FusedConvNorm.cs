using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>
/// The same convolution of K networks, and the batch norm after it where there is one, as one convolution: their filters
/// stacked along the output channels, grouped (groups = K) so that each network's filters see only its own channels,
/// unless all read one shared input. Batch norms stack their per-channel statistics the same way.
/// </summary>
internal sealed class FusedConvNorm : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d? norm;

    public FusedConvNorm(IReadOnlyList<(Conv2d Conv, BatchNorm2d? Norm)> layers, bool sharedInput) : base(nameof(FusedConvNorm))
    {
        var (first, firstNorm) = layers[0];
        if (layers.Any(l => (l.Norm is null) != (firstNorm is null) || !Same(l.Conv, first)))
            throw new ArgumentException("Only identical convolutions can be fused.", nameof(layers));
        if (first.groups != 1 || first.dilation!.Any(d => d != 1))
            throw new ArgumentException("Only ungrouped, undilated convolutions are fused.", nameof(layers));

        int networks = layers.Count;
        var weight = first.weight!;
        long inputs = weight.shape[1], outputs = weight.shape[0];
        conv = nn.Conv2d(sharedInput ? inputs : inputs * networks, outputs * networks, (weight.shape[2], weight.shape[3]),
            stride: (first.stride![0], first.stride[1]), padding: (first.padding![0], first.padding[1]),
            groups: sharedInput ? 1 : networks, bias: first.bias is not null, device: weight.device);
        if (firstNorm is not null) norm = nn.BatchNorm2d(outputs * networks, eps: firstNorm.eps, device: weight.device);
        RegisterComponents();

        using var _ = no_grad();
        conv.weight!.copy_(cat(layers.Select(l => l.Conv.weight!).ToArray()));
        conv.bias?.copy_(cat(layers.Select(l => l.Conv.bias!).ToArray()));
        if (norm is null) return;
        norm.weight!.copy_(cat(layers.Select(l => l.Norm!.weight!).ToArray()));
        norm.bias!.copy_(cat(layers.Select(l => l.Norm!.bias!).ToArray()));
        norm.running_mean!.copy_(cat(layers.Select(l => l.Norm!.running_mean!).ToArray()));
        norm.running_var!.copy_(cat(layers.Select(l => l.Norm!.running_var!).ToArray()));
    }

    public override Tensor forward(Tensor input)
    {
        if (norm is null) return conv.call(input);
        using var convolved = conv.call(input);
        return norm.call(convolved);
    }

    private static bool Same(Conv2d a, Conv2d b) =>
        a.weight!.shape.SequenceEqual(b.weight!.shape) && a.padding!.SequenceEqual(b.padding!) && a.stride!.SequenceEqual(b.stride!)
        && (a.bias is null) == (b.bias is null);
}
