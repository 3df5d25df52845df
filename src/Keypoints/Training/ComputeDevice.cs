using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Training;

/// <summary>Turns the device setting (auto | cpu | cuda | cuda:N) into a torch device.</summary>
public static class ComputeDevice
{
    public static Device Resolve(string setting)
    {
        Nnpack.EnsureOff();
        var name = setting.Trim().ToLowerInvariant();
        if (name == "auto") return cuda.is_available() ? CUDA : CPU;
        if (name == "cpu") return CPU;
        if (name == "cuda" || name.StartsWith("cuda:"))
        {
            if (!cuda.is_available())
                throw new InvalidOperationException($"Device '{setting}' was asked for, but CUDA is not available here.");
            return device(name);
        }
        throw new ArgumentException($"Unknown device '{setting}'. Use auto, cpu, cuda or cuda:N.", nameof(setting));
    }
}
