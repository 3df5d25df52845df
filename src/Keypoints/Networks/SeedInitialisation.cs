using TorchSharp;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>
/// Lasagne's defaults, which the seed trained with: Glorot-uniform weights and zero biases
/// (PyTorch's own defaults start differently and change how the seed's learning rates behave).
/// Normalisation layers start as the identity (scale 1, shift 0).
/// </summary>
public static class SeedInitialisation
{
    /// <summary>Re-draws every weight from <paramref name="draws"/> (torch's global generator when null).</summary>
    public static void Apply(nn.Module module, RandomDraws? draws = null)
    {
        using var _ = no_grad();
        foreach (var (name, parameter) in module.named_parameters())
        {
            if (name.EndsWith("bias"))
            {
                parameter.zero_();
                continue;
            }
            if (parameter.dim() == 1)
            {
                parameter.fill_(1);
                continue;
            }
            long receptiveField = parameter.shape.Skip(2).Aggregate(1L, (a, b) => a * b);
            long fanOut = parameter.shape[0] * receptiveField, fanIn = parameter.shape[1] * receptiveField;
            double bound = Math.Sqrt(6.0 / (fanIn + fanOut));
            if (draws is null) parameter.uniform_(-bound, bound);
            else draws.Uniform(parameter, -bound, bound);
        }
    }
}
