using System.Collections.Immutable;
using static TorchSharp.torch;

namespace KeypointGrains.Grains.Placement;

/// <summary>
/// The compute device a silo trains and predicts on, advertised to the cluster as silo metadata so placement can
/// find the silos with an accelerator.
/// </summary>
public sealed record SiloDevice(string Kind, int Index)
{
    public const string KindKey = "keypoints.device";
    public const string IndexKey = "keypoints.device-index";

    public static SiloDevice Cpu { get; } = new("cpu", 0);

    public bool HasAccelerator => Kind == "cuda";

    /// <summary>The device setting the domain library understands (cpu, cuda:N).</summary>
    public string TorchDevice => HasAccelerator ? $"cuda:{Index}" : "cpu";

    public Dictionary<string, string> ToMetadata() => new() { [KindKey] = Kind, [IndexKey] = Index.ToString() };

    /// <summary>The device a silo advertised; silos that advertise nothing count as CPU-only.</summary>
    public static SiloDevice FromMetadata(ImmutableDictionary<string, string> metadata) =>
        metadata.TryGetValue(KindKey, out var kind)
            ? new SiloDevice(kind, metadata.TryGetValue(IndexKey, out var index) && int.TryParse(index, out var i) ? i : 0)
            : Cpu;

    /// <summary>The device a setting asks for on this machine: auto takes CUDA device <paramref name="index"/> when there is one.</summary>
    public static SiloDevice Detect(string setting, int index)
    {
        switch (setting.Trim().ToLowerInvariant())
        {
            case "cpu": return Cpu;
            case "auto": return cuda.is_available() && index < cuda.device_count() ? new SiloDevice("cuda", index) : Cpu;
            case "cuda":
                if (!cuda.is_available() || index >= cuda.device_count())
                    throw new InvalidOperationException($"Device cuda:{index} was asked for, but this machine has {(cuda.is_available() ? cuda.device_count() : 0)} CUDA devices.");
                return new SiloDevice("cuda", index);
            default:
                throw new ArgumentException($"Unknown device '{setting}'. Use auto, cpu or cuda.", nameof(setting));
        }
    }

    public override string ToString() => TorchDevice;
}
