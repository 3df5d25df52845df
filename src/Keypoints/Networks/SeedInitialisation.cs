using TorchSharp;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>
/// Lasagne's defaults, which the seed trained with: Glorot-uniform weights and zero biases
/// (PyTorch's own defaults start differently and change how the seed's learning rates behave).
/// </summary>
internal static class SeedInitialisation
{
    public static void Apply(nn.Module module)
    {
        using var _ = no_grad();
        foreach (var (name, parameter) in module.named_parameters())
        {
            if (name.EndsWith("bias")) nn.init.zeros_(parameter);
            else nn.init.xavier_uniform_(parameter);
        }
    }
}
