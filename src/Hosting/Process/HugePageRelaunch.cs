using System.Runtime.InteropServices;
using System.Text;

namespace KeypointGrains.Hosting.Process;

/// <summary>
/// glibc only reads its huge-page tunable at process start, and this machine's kernel gives transparent huge pages
/// only to memory that asks for them. A long-running training process therefore re-executes itself once, with the
/// same arguments, with the tunable set. Nothing happens where the tunable is set already, on other systems, or when
/// KG_HUGE_PAGES=0.
/// </summary>
public static partial class HugePageRelaunch
{
    public static void EnsureHugePages()
    {
        if (!OperatingSystem.IsLinux() || NativeMemoryTuning.HugePagesRequested
            || Environment.GetEnvironmentVariable("KG_HUGE_PAGES") == "0"
            || !File.Exists("/sys/kernel/mm/transparent_hugepage/enabled")
            || File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled").Contains("[never]"))
            return;

        var arguments = File.ReadAllBytes("/proc/self/cmdline");
        var argv = Encoding.UTF8.GetString(arguments).TrimEnd('\0').Split('\0');
        var existing = Environment.GetEnvironmentVariable("GLIBC_TUNABLES");
        Environment.SetEnvironmentVariable("GLIBC_TUNABLES",
            string.IsNullOrEmpty(existing) ? NativeMemoryTuning.HugePageTunable : existing + ":" + NativeMemoryTuning.HugePageTunable);
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => $"{e.Key}={e.Value}").ToArray();
        // Only returns when exec failed; then we simply go on without huge pages.
        execve("/proc/self/exe", [.. argv, null], [.. environment, null]);
    }

    [LibraryImport("libc", EntryPoint = "execve", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int execve(string path, string?[] argv, string?[] envp);
}
