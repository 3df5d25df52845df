using System.Runtime.InteropServices;

namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// libtorch's NNPACK convolutions, turned off once per process before the first convolution. On a CPU that lacks what
/// NNPACK needs, libtorch tries it anyway at the first convolution and prints "Could not initialize NNPACK! Reason:
/// Unsupported hardware.", the first line a user saw from training on such a CPU; oneDNN serves CPU convolutions either
/// way. TorchSharp has no switch for it, so this calls libtorch's own (at::globalContext().setUserEnabledNNPACK).
/// </summary>
internal static partial class Nnpack
{
    private const string LibTorch = "libtorch_cpu";
    private static readonly Lazy<bool> TurnedOff = new(TurnOff);

    /// <summary>True once NNPACK is off; false where this libtorch has no such switch (nothing is changed then).</summary>
    public static bool EnsureOff() => TurnedOff.Value;

    private static bool TurnOff()
    {
        try
        {
            SetUserEnabledNnpack(GlobalContext(), false);
            return true;
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport(LibTorch, EntryPoint = "_ZN2at13globalContextEv")]
    private static partial IntPtr GlobalContext();

    [LibraryImport(LibTorch, EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static partial void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);
}
