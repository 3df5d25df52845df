using KeypointGrains.Client.Hosts;
using KeypointGrains.Client.Processes;
using KeypointGrains.ClusterClient.Connection;

namespace KeypointGrains.Client.Chaos;

/// <summary>
/// Silo processes of one cluster on this machine, one slot per silo with ports of its own, so that a silo killed and
/// started again comes back at the same address (its next generation, which declares the killed one dead on joining).
/// Clustered and stored through Azure Storage (Azurite), or the single-machine way: localhost clustering around slot
/// 0's silo and a shared state directory.
/// </summary>
public sealed class ProcessCluster : IDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(2);
    private readonly string host;
    private readonly (int Silo, int Gateway)[] ports;
    private readonly SiloProcess?[] silos;
    private readonly string[] clusterArguments;
    private readonly IReadOnlyList<string> siloArguments;
    private readonly NetworkHosts? network;

    private ProcessCluster(string host, int slots, ClusterSettings clientSettings, Func<(int Silo, int Gateway)[], string[]> clusterArguments,
        IReadOnlyList<string> siloArguments, NetworkHosts? network = null)
    {
        this.network = network;
        this.host = host;
        ports = Enumerable.Range(0, slots).Select(_ => (LoopbackPort.Free(), LoopbackPort.Free())).ToArray();
        silos = new SiloProcess?[slots];
        this.clusterArguments = clusterArguments(ports);
        this.siloArguments = siloArguments;
        ClientSettings = clientSettings;
        ClientSettings.Cluster.GatewayPorts = ports.Select(p => p.Gateway).ToArray();
    }

    /// <summary>Silos clustered through Azure Tables, with state, reminders and checkpoints in Azure Storage.</summary>
    public static ProcessCluster Azure(string host, string connectionString, string clusterId, int slots, IReadOnlyList<string> siloArguments) =>
        new(host, slots, AzureClient(connectionString, clusterId), _ => AzureArguments(connectionString, clusterId), siloArguments);

    /// <summary>
    /// Silos clustered through Azure Storage as <see cref="Azure"/>, slot i's silo on host i of <paramref name="network"/>
    /// (its own network namespace and address), with storage at <paramref name="connectionString"/> (e.g. an Azurite on
    /// the network's storage host).
    /// </summary>
    public static ProcessCluster OnHosts(string host, NetworkHosts network, string connectionString, string clusterId,
        IReadOnlyList<string> siloArguments) =>
        new(host, network.Hosts, AzureClient(connectionString, clusterId), _ => AzureArguments(connectionString, clusterId), siloArguments,
            network);

    private static ClusterSettings AzureClient(string connectionString, string clusterId) => new()
    {
        Cluster = new ClusteringSettings { ClusterId = clusterId, ServiceId = clusterId, Clustering = "AzureStorage" },
        Storage = new StorageSettings { Kind = "AzureStorage", ConnectionString = connectionString },
    };

    private static string[] AzureArguments(string connectionString, string clusterId) =>
    [
        "--clustering", "AzureStorage", "--storage", "AzureStorage", "--connection-string", connectionString,
        "--cluster-id", clusterId, $"--Cluster:ServiceId={clusterId}",
    ];

    /// <summary>The single-machine cluster: one silo (a storage directory has one), its state and checkpoints in the directory.</summary>
    public static ProcessCluster Local(string host, string directory, IReadOnlyList<string> siloArguments) =>
        new(host, 1, new ClusterSettings(), ports => ["--storage-dir", directory, "--primary-port", $"{ports[0].Silo}"], siloArguments);

    public IReadOnlyList<SiloProcess?> Silos => silos;

    /// <summary>How a client reaches this cluster.</summary>
    public ClusterSettings ClientSettings { get; }

    /// <summary>Starts every slot's silo: slot 0's first, which a local cluster's other silos join.</summary>
    public async Task StartAllAsync()
    {
        await StartAsync(0);
        await Task.WhenAll(Enumerable.Range(1, silos.Length - 1).Select(StartAsync));
    }

    public async Task<SiloProcess> StartAsync(int slot)
    {
        silos[slot]?.Dispose();
        // A start that fails leaves the slot empty, not holding the silo just disposed.
        silos[slot] = null;
        string[] arguments =
        [
            .. clusterArguments, "--device", "cpu", "--silo-port", $"{ports[slot].Silo}", "--gateway-port", $"{ports[slot].Gateway}",
            .. network is null ? [] : new[] { $"--Silo:AdvertisedAddress={network.HostAddress(slot)}" },
            .. siloArguments,
        ];
        return silos[slot] = await SiloProcess.StartAsync(host, arguments, StartLimit, network is null ? null : NetworkHosts.RunIn(network.Namespace(slot)));
    }

    /// <summary>Kills the slot's silo at once, as a crash would.</summary>
    public void Kill(int slot) => silos[slot]?.Kill();

    public void KillAll()
    {
        for (int slot = 0; slot < silos.Length; slot++) Kill(slot);
    }

    /// <summary>The slot whose running silo has this address, or -1.</summary>
    public int SlotOf(string address) => Array.FindIndex(silos, s => s is { Running: true } && s.Address == address);

    /// <summary>
    /// Connects once every running silo is an active member, so that grains placed right after spread over all of them.
    /// </summary>
    public async Task<ClusterConnection> ConnectAsync()
    {
        var connection = await ClusterConnection.ConnectAsync(ClientSettings);
        try
        {
            var management = connection.Client.GetGrain<IManagementGrain>(0);
            var deadline = DateTime.UtcNow + StartLimit;
            while ((await management.GetHosts(onlyActive: true)).Count < silos.Count(s => s is { Running: true }))
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"The silos did not all join the cluster within {StartLimit}.");
                await Task.Delay(100);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var silo in silos) silo?.Dispose();
    }
}
