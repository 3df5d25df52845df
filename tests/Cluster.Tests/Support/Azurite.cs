using System.Diagnostics;

namespace KeypointGrains.Cluster.Tests.Support;

/// <summary>
/// A real Azurite for the Azure Storage tests: the one .ci/run started (KG_AZURITE_CONNECTION_STRING), or one this
/// fixture starts with .ci/azurite.sh and stops afterwards. Tests skip only when node is not installed.
/// </summary>
public sealed class Azurite : IDisposable
{
    private readonly Process? process;

    public Azurite()
    {
        if (Environment.GetEnvironmentVariable("KG_AZURITE_CONNECTION_STRING") is { Length: > 0 } given)
        {
            ConnectionString = given;
            return;
        }
        if (!NodeInstalled)
        {
            Unavailable = "node/npm is not installed, so Azurite cannot run; Azure Storage tests are skipped.";
            return;
        }
        process = Process.Start(new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot.Path, ".ci", "azurite.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            WorkingDirectory = RepositoryRoot.Path,
        })!;
        // The script prints the connection string once Azurite listens (installing it first can take a minute).
        var line = process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(4)).GetAwaiter().GetResult();
        ConnectionString = line is { Length: > 0 } ? line : throw new InvalidOperationException(".ci/azurite.sh did not start Azurite.");
    }

    /// <summary>Whether Azurite can run here at all.</summary>
    public static bool NodeInstalled => OnPath("node") && OnPath("npm");

    public string? ConnectionString { get; }

    public string? Unavailable { get; }

    public string Require()
    {
        Skip.If(Unavailable is not null, Unavailable);
        return ConnectionString!;
    }

    public void Dispose()
    {
        if (process is null || process.HasExited) return;
        // SIGTERM lets the script stop Azurite and delete its data folder.
        Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();
        if (!process.WaitForExit(TimeSpan.FromSeconds(15))) process.Kill(entireProcessTree: true);
        process.Dispose();
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
        .Any(dir => File.Exists(Path.Combine(dir, program)));
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<Azurite>
{
    public const string Name = "Azurite";
}
