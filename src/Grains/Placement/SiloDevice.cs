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

    /// <summary>The device a setting (auto | cpu | cuda | cuda:N) asks for on this machine; auto takes CUDA device 0 if any.</summary>
    public static SiloDevice Detect(string setting)
    {
        var name = setting.Trim().ToLowerInvariant();
        if (name == "cpu") return Cpu;
        if (name == "auto") return cuda.is_available() ? new SiloDevice("cuda", 0) : Cpu;
        if (name == "cuda" || name.StartsWith("cuda:"))
        {
            int index = name == "cuda" ? 0
                : int.TryParse(name["cuda:".Length..], out var i) && i >= 0 ? i
                : throw new ArgumentException($"Unknown device '{setting}'. Use auto, cpu, cuda or cuda:N.", nameof(setting));
            int available = cuda.is_available() ? cuda.device_count() : 0;
            if (index >= available)
                throw new InvalidOperationException($"Device '{setting}' was asked for, but this machine has {available} CUDA devices.");
            return new SiloDevice("cuda", index);
        }
        throw new ArgumentException($"Unknown device '{setting}'. Use auto, cpu, cuda or cuda:N.", nameof(setting));
    }

    public override string ToString() => TorchDevice;
}
