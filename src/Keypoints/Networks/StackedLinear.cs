using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>
/// K dense layers as one batched matrix product: input [K, N, in] (or [1, N, in], which every layer reads) → [K, N, out].
/// Layers of different widths (the output layers of specialists) are padded with zero rows to the widest; network k's
/// own outputs come first.
/// </summary>
internal sealed class StackedLinear : nn.Module<Tensor, Tensor>
{
    // [K, out, in] as Linear keeps it; the product reads it transposed, which BLAS does without a copy.
    private readonly Parameter weight;
    private readonly Parameter bias;

    public StackedLinear(IReadOnlyList<Linear> layers) : base(nameof(StackedLinear))
    {
        var inputs = layers[0].weight!.shape[1];
        if (layers.Any(l => l.weight!.shape[1] != inputs || l.bias is null))
            throw new ArgumentException("Only dense layers with biases and the same inputs can be stacked.", nameof(layers));
        long width = layers.Max(l => l.weight!.shape[0]);
        using (no_grad())
        {
            weight = new Parameter(stack(layers.Select(l => Pad(l.weight!, width)).ToArray()), requires_grad: false);
            bias = new Parameter(stack(layers.Select(l => Pad(l.bias!, width).unsqueeze(0)).ToArray()), requires_grad: false);
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var batched = input.shape[0] == weight.shape[0] ? input : input.expand(weight.shape[0], -1, -1);
        return bmm(batched, weight.transpose(1, 2)).add_(bias);
    }

    /// <summary>Zero rows appended along the first dimension up to <paramref name="width"/>.</summary>
    private static Tensor Pad(Tensor values, long width) =>
        values.dim() == 1
            ? nn.functional.pad(values, [0, width - values.shape[0]])
            : nn.functional.pad(values, [0, 0, 0, width - values.shape[0]]);
}
