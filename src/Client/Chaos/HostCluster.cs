using System.Text.RegularExpressions;
using KeypointGrains.Client.Hosts;
using KeypointGrains.Client.Processes;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.ClusterClient.Connection;

namespace KeypointGrains.Client.Chaos;

/// <summary>
/// A cluster on hosts of its own: <see cref="NetworkHosts"/>, Azurite on the storage host, a silo process on every host
/// (Azure Storage clustering, state and checkpoints) and a client on this machine that knows every host's gateway.
/// Disposing heals every cut, then stops and removes it all: client, silos, Azurite, namespaces.
/// </summary>
public sealed partial class HostCluster : IAsyncDisposable
{
    private readonly AzuriteProcess storage;

    private HostCluster(NetworkHosts network, AzuriteProcess storage, ProcessCluster silos)
    {
        Network = network;
        this.storage = storage;
        Silos = silos;
    }

    public NetworkHosts Network { get; }

    public ProcessCluster Silos { get; }

    /// <summary>The client on this machine's side of the network (null until started).</summary>
    public ClusterConnection Client { get; private set; } = null!;

    public CampaignClient Campaigns => Client.Campaigns();

    /// <summary>
    /// Makes <paramref name="hosts"/> hosts, starts Azurite (data under <paramref name="folder"/>) and a silo on each with
    /// <paramref name="siloArguments"/>, and connects once every silo has joined.
    /// </summary>
    public static async Task<HostCluster> StartAsync(int hosts, string folder, string clusterId, IReadOnlyList<string> siloArguments)
    {
        var network = NetworkHosts.Create(hosts);
        AzuriteProcess? storage = null;
        ProcessCluster? silos = null;
        try
        {
            storage = new AzuriteProcess(Checkout.Azurite(), Path.Combine(folder, "azurite"), network.StorageAddress,
                NetworkHosts.RunIn(network.StorageNamespace));
            await storage.StartAsync(TimeSpan.FromMinutes(1));
            silos = ProcessCluster.OnHosts(Checkout.SiloHost(), network, storage.ConnectionString, clusterId, siloArguments);
            await silos.StartAllAsync();
            var cluster = new HostCluster(network, storage, silos);
            cluster.Client = await silos.ConnectAsync();
            return cluster;
        }
        catch
        {
            silos?.Dispose();
            storage?.Dispose();
            network.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The silos' refused writes (a state write over another activation's, a checkpoint over an existing one) and the
    /// activations that met them, from their logs: a silo killed or restarted takes its counters with it, its log stays here.
    /// </summary>
    public (int WritesRefused, int DuplicateActivations) Fencing(string campaign)
    {
        var refusals = Silos.Silos.SelectMany((silo, slot) => (silo?.Lines ?? []).Select(line => (slot, Match: Refusal().Match(line))))
            .Where(r => r.Match.Success && r.Match.Groups["key"].Value.StartsWith(campaign + "/", StringComparison.Ordinal))
            .ToArray();
        return (refusals.Length, refusals.Select(r => (r.slot, r.Match.Groups["key"].Value)).Distinct().Count());
    }

    public async ValueTask DisposeAsync()
    {
        // A client whose gateways are cut would wait out its timeouts on leaving.
        Network.Heal();
        if (Client is not null) await Client.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { });
        Silos.Dispose();
        storage.Dispose();
        Network.Dispose();
    }

    [GeneratedRegex(@"(?<key>\S+/\S+): (this activation lets go of its run: its state write was refused|checkpoint after epoch \d+ refused)")]
    private static partial Regex Refusal();
}
