using TorchSharp;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>
/// Inverted dropout (as Lasagne's, rescaling kept units by 1/(1 − p)) whose masks come from a generator its owner
/// supplies, so several trainers in one process each stay reproducible; without one it uses torch's global generator.
/// </summary>
public sealed class SeededDropout(double probability) : nn.Module<Tensor, Tensor>(nameof(SeededDropout))
{
    public double Probability { get; } = probability;

    public Generator? Generator { get; set; }

    public override Tensor forward(Tensor input)
    {
        if (!training || Probability == 0) return input.alias();
        using var keep = empty_like(input).bernoulli_(1 - Probability, generator: Generator);
        keep.div_(1 - Probability);
        return input.mul(keep);
    }
}
