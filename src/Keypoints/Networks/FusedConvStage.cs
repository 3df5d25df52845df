using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>
/// The same <see cref="ConvStage"/> of K networks as one convolution: their filters stacked along the output channels.
/// The first stage reads the faces every network reads (groups = 1); later ones are grouped (groups = K), so that each
/// network's filters see only that network's channels. Batch norms stack their per-channel statistics the same way.
/// </summary>
internal sealed class FusedConvStage : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d? norm;
    private readonly bool pool;

    public FusedConvStage(IReadOnlyList<ConvStage> stages, bool sharedInput) : base(nameof(FusedConvStage))
    {
        var first = stages[0];
        if (stages.Any(s => s.Pool != first.Pool || (s.Norm is null) != (first.Norm is null) || !Same(s.Conv, first.Conv)))
            throw new ArgumentException("Only identical convolution stages can be fused.", nameof(stages));
        if (first.Conv.groups != 1 || first.Conv.stride.Any(s => s != 1) || first.Conv.dilation.Any(d => d != 1))
            throw new ArgumentException("Only ungrouped, unstrided, undilated convolutions are fused.", nameof(stages));

        int networks = stages.Count;
        var weight = first.Conv.weight!;
        var device = weight.device;
        long inputs = weight.shape[1], outputs = weight.shape[0];
        conv = nn.Conv2d(sharedInput ? inputs : inputs * networks, outputs * networks, (weight.shape[2], weight.shape[3]),
            padding: (first.Conv.padding![0], first.Conv.padding[1]), groups: sharedInput ? 1 : networks,
            bias: first.Conv.bias is not null, device: device);
        if (first.Norm is { } firstNorm) norm = nn.BatchNorm2d(outputs * networks, eps: firstNorm.eps, device: device);
        pool = first.Pool;
        RegisterComponents();

        using var _ = no_grad();
        conv.weight!.copy_(cat(stages.Select(s => s.Conv.weight!).ToArray()));
        conv.bias?.copy_(cat(stages.Select(s => s.Conv.bias!).ToArray()));
        if (norm is null) return;
        norm.weight!.copy_(cat(stages.Select(s => s.Norm!.weight!).ToArray()));
        norm.bias!.copy_(cat(stages.Select(s => s.Norm!.bias!).ToArray()));
        norm.running_mean!.copy_(cat(stages.Select(s => s.Norm!.running_mean!).ToArray()));
        norm.running_var!.copy_(cat(stages.Select(s => s.Norm!.running_var!).ToArray()));
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = conv.call(input);
        if (norm is not null) x = norm.call(x);
        // Max and ReLU commute: pooling first touches a quarter of the memory.
        if (pool) x = nn.functional.max_pool2d(x, 2);
        return x.relu_().MoveToOuterDisposeScope();
    }

    private static bool Same(Conv2d a, Conv2d b) =>
        a.weight!.shape.SequenceEqual(b.weight!.shape) && a.padding.SequenceEqual(b.padding) && (a.bias is null) == (b.bias is null);
}
