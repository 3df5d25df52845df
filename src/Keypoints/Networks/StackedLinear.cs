using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>
/// K dense layers as one batched matrix product: input [K, N, in] (or [1, N, in], which every layer reads) → [K, N, out].
/// Layers of different widths (the output layers of specialists) are padded with zero rows to the widest; network k's
/// own outputs come first. A layer without a bias gets a zero one. Where the layers are followed by layer norms (all of
/// them, of one width), each network's outputs are normalised with its own norm's statistics and scale.
/// </summary>
internal sealed class StackedLinear : nn.Module<Tensor, Tensor>
{
    // [K, out, in] as Linear keeps it; the product reads it transposed, which BLAS does without a copy.
    private readonly Parameter weight;
    private readonly Parameter bias;
    // [K, 1, out] each, or null without norms.
    private readonly Parameter? normWeight;
    private readonly Parameter? normBias;
    private readonly double normEpsilon;

    public StackedLinear(IReadOnlyList<Linear> layers, IReadOnlyList<LayerNorm?> norms) : base(nameof(StackedLinear))
    {
        var inputs = layers[0].weight!.shape[1];
        if (layers.Any(l => l.weight!.shape[1] != inputs))
            throw new ArgumentException("Only dense layers with the same inputs can be stacked.", nameof(layers));
        long width = layers.Max(l => l.weight!.shape[0]);
        var normed = norms.Where(n => n is not null).Select(n => n!).ToArray();
        if (normed.Length != 0 && (normed.Length != layers.Count || layers.Any(l => l.weight!.shape[0] != width)
            || normed.Any(n => n.weight is null || n.bias is null || n.eps != normed[0].eps)))
            throw new ArgumentException("Layer norms are stacked only when every layer has one, of one width, with its scale and shift.", nameof(norms));
        using (no_grad())
        {
            weight = new Parameter(stack(layers.Select(l => Pad(l.weight!, width)).ToArray()), requires_grad: false);
            bias = new Parameter(stack(layers.Select(l => Pad(l.bias ?? zeros(l.weight!.shape[0], device: l.weight.device), width).unsqueeze(0)).ToArray()),
                requires_grad: false);
            if (normed.Length != 0)
            {
                normWeight = new Parameter(stack(normed.Select(n => n.weight!.unsqueeze(0)).ToArray()), requires_grad: false);
                normBias = new Parameter(stack(normed.Select(n => n.bias!.unsqueeze(0)).ToArray()), requires_grad: false);
                normEpsilon = normed[0].eps;
            }
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var batched = input.shape[0] == weight.shape[0] ? input : input.expand(weight.shape[0], -1, -1);
        var output = bmm(batched, weight.transpose(1, 2)).add_(bias);
        if (normWeight is null) return output;
        // Statistics per network and face (the last dimension); then each network's own scale and shift.
        return nn.functional.layer_norm(output, [output.shape[2]], eps: normEpsilon).mul_(normWeight).add_(normBias!);
    }

    /// <summary>Zero rows appended along the first dimension up to <paramref name="width"/>.</summary>
    private static Tensor Pad(Tensor values, long width) =>
        values.dim() == 1
            ? nn.functional.pad(values, [0, width - values.shape[0]])
            : nn.functional.pad(values, [0, 0, 0, width - values.shape[0]]);
}
