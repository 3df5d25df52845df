using System.Runtime.InteropServices;

namespace KeypointGrains.Hosting.Process;

/// <summary>
/// libtorch frees and re-allocates the same multi-megabyte activation buffers every batch. Stock glibc serves those
/// from fresh mmaps and hands them back to the kernel on free, so every batch pays for page faults and zeroing
/// (measured: cnn-large training ran 2–4x slower). Keeping freed memory inside the process removes that cost.
/// A process setting, so the hosts (kg and the silo) apply it at start-up; a library never retunes its host's malloc.
/// </summary>
public static partial class NativeMemoryTuning
{
    private const int TrimThreshold = -1; // M_TRIM_THRESHOLD
    private const int MmapMax = -4;       // M_MMAP_MAX

    /// <summary>The glibc tunable that asks malloc to back its heap with transparent huge pages.</summary>
    public const string HugePageTunable = "glibc.malloc.hugetlb=1";

    public static bool Applied { get; private set; }

    public static void Apply()
    {
        if (Applied || !OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("KG_MALLOC_TUNING") == "0")
            return;
        try
        {
            Applied = mallopt(MmapMax, 0) == 1 & mallopt(TrimThreshold, int.MaxValue) == 1;
        }
        catch (EntryPointNotFoundException)
        {
            // Not glibc (e.g. musl in a slim container): nothing to tune.
        }
        catch (DllNotFoundException)
        {
        }
    }

    /// <summary>Whether malloc was started with huge pages (only settable before the process starts).</summary>
    public static bool HugePagesRequested =>
        (Environment.GetEnvironmentVariable("GLIBC_TUNABLES") ?? "").Contains(HugePageTunable);

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int mallopt(int parameter, int value);
}
