using TorchSharp;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Evaluation;

/// <summary>
/// The number format fused passes compute in: fp32, or bf16 / fp16 on CUDA (half the bytes of weights and activations,
/// tensor cores). The CPU always computes in fp32: its half-precision kernels are slower, not faster.
/// </summary>
public static class InferencePrecision
{
    public const string Fp32 = "fp32";

    public static IReadOnlyList<string> Names { get; } = [Fp32, "bf16", "fp16"];

    public static ScalarType Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "fp32" => ScalarType.Float32,
        "bf16" => ScalarType.BFloat16,
        "fp16" => ScalarType.Float16,
        _ => throw new ArgumentException($"Unknown precision '{name}'. Use {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>The format used on <paramref name="device"/> when <paramref name="name"/> is asked for.</summary>
    public static ScalarType On(Device device, string name)
    {
        var asked = Parse(name);
        return device.type == DeviceType.CUDA ? asked : ScalarType.Float32;
    }

    public static string NameOf(ScalarType type) => type switch
    {
        ScalarType.BFloat16 => "bf16",
        ScalarType.Float16 => "fp16",
        _ => Fp32,
    };
}
