using KeypointGrains.Client.Processes;
using KeypointGrains.ClusterClient.Connection;

namespace KeypointGrains.Client.Load;

/// <summary>
/// A cluster of silo processes on this machine for a load run: localhost clustering on loopback ports, a cluster id of
/// its own, the storage (and serving settings) of <see cref="ClusterSettings"/>. The first silo is the primary, which
/// holds the membership and a storage directory's lock (the others share the directory as members of its cluster; a
/// directory another live silo hosts is refused); <see cref="KillOne"/> ends the last one.
/// </summary>
public sealed class LocalSilos : IDisposable
{
    private readonly List<SiloProcess> silos = [];

    private LocalSilos(string clusterId) => ClusterId = clusterId;

    public string ClusterId { get; }

    public IReadOnlyList<int> GatewayPorts { get; private set; } = [];

    /// <summary>Each silo's first REST address (its front door), in start order: the first is the primary's.</summary>
    public IReadOnlyList<string> WebUrls => silos.Select(s => s.WebUrls[0]).ToArray();

    /// <param name="siloArguments">More arguments for every silo host (a test's failure detection, say).</param>
    public static async Task<LocalSilos> StartAsync(string host, ClusterSettings settings, int count, TimeSpan limit,
        IReadOnlyList<string>? siloArguments = null)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "A cluster needs a silo.");
        var cluster = new LocalSilos($"kg-load-{Guid.NewGuid():N}");
        try
        {
            var ports = Enumerable.Range(0, count).Select(_ => (Silo: LoopbackPort.Free(), Gateway: LoopbackPort.Free())).ToArray();
            string[] common = [.. Storage(settings), "--cluster-id", cluster.ClusterId, $"--Cluster:ServiceId={settings.Cluster.ServiceId}",
                "--device", settings.Device, "--primary-port", ports[0].Silo.ToString(), .. Serving(settings.Serving), .. siloArguments ?? []];
            // The primary first: the others join through it.
            cluster.silos.Add(await SiloProcess.StartAsync(host, Arguments(common, ports[0]), limit));
            cluster.silos.AddRange(await Task.WhenAll(ports.Skip(1).Select(p => SiloProcess.StartAsync(host, Arguments(common, p), limit))));
            cluster.GatewayPorts = ports.Select(p => p.Gateway).ToArray();
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>Each silo's address as the cluster names it, in start order: the first is the primary's.</summary>
    public IReadOnlyList<string> Addresses => silos.Select(s => s.Address).ToArray();

    /// <summary>How a client reaches these silos.</summary>
    public ClusterSettings ClientSettings(ClusterSettings settings) => new()
    {
        Cluster = new ClusteringSettings
        {
            ClusterId = ClusterId, ServiceId = settings.Cluster.ServiceId, Clustering = "localhost", GatewayPorts = [.. GatewayPorts],
        },
        Storage = settings.Storage,
        Telemetry = settings.Telemetry,
    };

    /// <summary>Kills the last silo (never the primary while others run: localhost membership lives there) and names it.</summary>
    public string KillOne()
    {
        var victim = silos[^1];
        victim.Kill();
        return victim.Address;
    }

    public void Dispose()
    {
        foreach (var silo in silos) silo.Dispose();
    }

    private static string[] Arguments(string[] common, (int Silo, int Gateway) ports) =>
        [.. common, "--silo-port", ports.Silo.ToString(), "--gateway-port", ports.Gateway.ToString()];

    private static IEnumerable<string> Storage(ClusterSettings settings) =>
        settings.AzureStorage
            ? ["--storage", "AzureStorage", "--connection-string", settings.Storage.ConnectionString!]
            : ["--storage", "directory", "--storage-dir", Path.GetFullPath(settings.Storage.Directory)];

    private static IEnumerable<string> Serving(ServingSettings serving) =>
    [
        $"--Serving:MaxBatchFaces={serving.MaxBatchFaces}", $"--Serving:MaxBatchDelayMicroseconds={serving.MaxBatchDelayMicroseconds}",
        $"--Serving:MaxLoadedEnsembles={serving.MaxLoadedEnsembles}", $"--Serving:Precision={serving.Precision}",
    ];
}
