using TorchSharp;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>
/// Inverted dropout (as Lasagne's, rescaling kept units by 1/(1 − p)) whose masks come from the <see cref="RandomDraws"/>
/// its owner supplies, so several trainers in one process each stay reproducible on any device; without one it uses
/// torch's global generator.
/// </summary>
public sealed class SeededDropout(double probability) : nn.Module<Tensor, Tensor>(nameof(SeededDropout))
{
    public double Probability { get; } = probability;

    public RandomDraws? Draws { get; set; }

    public override Tensor forward(Tensor input)
    {
        if (!training || Probability == 0) return input.alias();
        using var keep = Draws is null ? empty_like(input).bernoulli_(1 - Probability) : Draws.Bernoulli(input, 1 - Probability);
        keep.div_(1 - Probability);
        return input.mul(keep);
    }
}
