using System.Diagnostics;

namespace KeypointGrains.Client.Processes;

/// <summary>
/// What the fault benchmarks take from the source checkout this program was built in: the silo host built beside it
/// and the Azurite that .ci/azurite.sh installs.
/// </summary>
public static class Checkout
{
    /// <summary>The folder holding KeypointGrains.sln above this program's binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>src/Silo's Silo.dll, built in this program's configuration (bin/Release or bin/Debug).</summary>
    public static string SiloHost()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        return Path.Combine(Root, "src", "Silo", "bin", configuration, "net10.0", "Silo.dll");
    }

    /// <summary>Azurite's executable, installed by .ci/azurite.sh (it needs node and npm) when it is not there yet.</summary>
    public static string Azurite()
    {
        var install = Process.Start(new ProcessStartInfo("bash", [Path.Combine(Root, ".ci", "azurite.sh"), "install"])
        {
            RedirectStandardOutput = true,
            WorkingDirectory = Root,
        })!;
        var path = install.StandardOutput.ReadToEnd().Trim();
        install.WaitForExit();
        return install.ExitCode == 0 && File.Exists(path)
            ? path
            : throw new InvalidOperationException("Azurite could not be installed (.ci/azurite.sh install needs node and npm).");
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "KeypointGrains.sln"))) return folder.FullName;
        throw new DirectoryNotFoundException(
            $"No KeypointGrains.sln above {AppContext.BaseDirectory}: the fault benchmarks run from a built source checkout.");
    }
}
