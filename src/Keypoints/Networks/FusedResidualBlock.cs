using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>
/// The same <see cref="ResidualStage"/> of K networks as one block: each of its convolutions fused with its batch norm
/// (<see cref="FusedConvNorm"/>, grouped), so the shortcut adds each network's own channels to its own.
/// </summary>
internal sealed class FusedResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly FusedConvNorm first;
    private readonly FusedConvNorm second;
    private readonly FusedConvNorm? shortcut;

    public FusedResidualBlock(IReadOnlyList<ResidualStage> blocks, bool sharedInput) : base(nameof(FusedResidualBlock))
    {
        // The faces have one channel for all networks: a block reading them would add that channel to each network's own.
        if (sharedInput) throw new ArgumentException("A residual block cannot be a fused network's first step.", nameof(sharedInput));
        bool projected = blocks[0].Shortcut is not null;
        if (blocks.Any(b => (b.Shortcut is not null) != projected || (b.Shortcut is not null && b.ShortcutNorm is null)))
            throw new ArgumentException("Only residual blocks with the same shortcut can be fused.", nameof(blocks));
        first = new FusedConvNorm(blocks.Select(b => (b.Conv1, (BatchNorm2d?)b.Norm1)).ToArray(), sharedInput: false);
        second = new FusedConvNorm(blocks.Select(b => (b.Conv2, (BatchNorm2d?)b.Norm2)).ToArray(), sharedInput: false);
        if (projected) shortcut = new FusedConvNorm(blocks.Select(b => (b.Shortcut!, b.ShortcutNorm)).ToArray(), sharedInput: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = second.call(first.call(input).relu_());
        var identity = shortcut is null ? input : shortcut.call(input);
        return x.add_(identity).relu_().MoveToOuterDisposeScope();
    }
}
