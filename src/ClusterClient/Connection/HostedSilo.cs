using System.Diagnostics;
using System.Text.Json;

namespace KeypointGrains.ClusterClient.Connection;

/// <summary>
/// silo.json in a storage directory: the silo that a live process hosts on that directory, so that kg commands started
/// beside it join it as clients instead of hosting a second silo on the same files. Only the process that holds the
/// directory's lock writes it, so there is one at most.
/// </summary>
public sealed record HostedSilo(int ProcessId, string ClusterId, string ServiceId, int SiloPort, int GatewayPort)
{
    public const string FileName = "silo.json";

    public static string PathIn(string storageDirectory) => Path.Combine(storageDirectory, FileName);

    /// <summary>The silo the directory's file describes, if its process still runs (a killed process leaves the file).</summary>
    public static HostedSilo? Find(string storageDirectory)
    {
        HostedSilo? silo;
        try
        {
            silo = JsonSerializer.Deserialize<HostedSilo>(File.ReadAllText(PathIn(storageDirectory)));
        }
        catch (Exception error) when (error is IOException or JsonException)
        {
            return null; // not written yet, or removed as its silo stopped
        }
        return silo is not null && Runs(silo.ProcessId) ? silo : null;
    }

    /// <summary>A client's settings for this silo: its cluster through its gateway, and the storage beside it.</summary>
    public ClusterSettings ClientSettings(ClusterSettings settings) => new()
    {
        Cluster = new ClusteringSettings { ClusterId = ClusterId, ServiceId = ServiceId, GatewayPorts = [GatewayPort] },
        Storage = settings.Storage,
        Telemetry = settings.Telemetry,
    };

    public override string ToString() => $"process {ProcessId}, cluster {ClusterId}, gateway port {GatewayPort}";

    private static bool Runs(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
