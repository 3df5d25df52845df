using TorchSharp;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>
/// The same <see cref="ConvStage"/> of K networks as one: one fused convolution with its batch norm
/// (<see cref="FusedConvNorm"/>), then the pool and ReLU every network applies.
/// </summary>
internal sealed class FusedConvStage : nn.Module<Tensor, Tensor>
{
    private readonly FusedConvNorm convolution;
    private readonly bool pool;

    public FusedConvStage(IReadOnlyList<ConvStage> stages, bool sharedInput) : base(nameof(FusedConvStage))
    {
        pool = stages[0].Pool;
        if (stages.Any(s => s.Pool != pool))
            throw new ArgumentException("Only identical convolution stages can be fused.", nameof(stages));
        convolution = new FusedConvNorm(stages.Select(s => (s.Conv, s.Norm)).ToArray(), sharedInput);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = convolution.call(input);
        // Max and ReLU commute: pooling first touches a quarter of the memory.
        if (pool) x = nn.functional.max_pool2d(x, 2);
        return x.relu_().MoveToOuterDisposeScope();
    }
}
