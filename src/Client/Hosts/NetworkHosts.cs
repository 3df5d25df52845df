using System.Diagnostics;
using System.Globalization;

namespace KeypointGrains.Client.Hosts;

/// <summary>Which of a host's links a cut takes away.</summary>
public enum HostLink
{
    /// <summary>The other hosts (their silos).</summary>
    Peers,
    /// <summary>The storage host (Azurite: membership table, state, checkpoints).</summary>
    Storage,
    /// <summary>This machine's own network side, where clients of the cluster run.</summary>
    Clients,
}

/// <summary>
/// Hosts as Linux network namespaces on one machine (root needed): a switch namespace holding a bridge, one namespace per
/// host and one for storage, each with an address on a veth to the bridge, and one veth from this machine's own
/// namespace so that clients here reach them. Addresses come from 198.51.100.0/24 (a documentation range), a /27 block
/// per network so that networks made at once (parallel test runs) never share one. No namespace has a route beyond its
/// block, and the bridge forwards in a namespace of its own, so nothing reaches any other address.
/// <para>
/// Faults are routes: a cut adds blackhole routes for the addresses cut off (in the host, and in the other side's
/// namespaces when both ways), so that packets go nowhere; heal removes them. Each fault is one call, logged with its
/// time in <see cref="Events"/>. Latency and loss are a detour of a host's packets through this process
/// (<see cref="LinkImpairment"/>), since the kernel here has no netem.
/// </para>
/// <para>
/// Everything a network makes is named kgn + its id; an owner file (pid and start time) under /run/kg-hosts lets the
/// next network made on this machine remove a network whose owner died without tearing it down (a killed test).
/// </para>
/// </summary>
public sealed class NetworkHosts : IDisposable
{
    /// <summary>Hosts a network may have: its block holds them from its 11th address on.</summary>
    public const int MaxHosts = 20;
    private const int Blocks = 8;
    private const string Prefix = "kgn";
    private const string OwnersFolder = "/run/kg-hosts";
    private readonly List<(string? Namespace, string Address)> blackholes = [];
    private readonly List<string> events = [];
    private readonly Dictionary<int, LinkImpairment> impairments = [];
    private bool disposed;

    private NetworkHosts(string id, int block, int hosts)
    {
        Id = id;
        Block = block;
        Hosts = hosts;
    }

    /// <summary>The id in every name this network makes (namespaces kgn{id}-…, links kgn{id}…).</summary>
    public string Id { get; }

    public int Hosts { get; }

    /// <summary>Which /27 of 198.51.100.0/24 this network's addresses are in.</summary>
    public int Block { get; }

    /// <summary>This machine's address on the network, where clients run.</summary>
    public string ClientAddress => Address(Block, 1);

    public string StorageAddress => Address(Block, 2);

    /// <summary>What was done to the network, one time-stamped line each.</summary>
    public IReadOnlyList<string> Events
    {
        get { lock (events) return events.ToArray(); }
    }

    public string HostAddress(int host) => Address(Block, 11 + host);

    private static string Address(int block, int offset) => $"198.51.100.{32 * block + offset}";

    public string Namespace(int host) => $"{Prefix}{Id}-h{host}";

    public string StorageNamespace => $"{Prefix}{Id}-st";

    private string SwitchNamespace => $"{Prefix}{Id}-sw";

    /// <summary>The command prefix that runs a program in <paramref name="ns"/>.</summary>
    public static IReadOnlyList<string> RunIn(string ns) => ["ip", "netns", "exec", ns];

    /// <summary>Why networks cannot be made on this machine (not root, no ip), or null when they can.</summary>
    public static string? Unavailable()
    {
        if (Environment.UserName != "root") return "hosts as network namespaces need root";
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        return path.Any(folder => File.Exists(Path.Combine(folder, "ip"))) ? null : "hosts as network namespaces need ip (iproute2), which is not installed";
    }

    /// <summary>
    /// Makes a network of <paramref name="hosts"/> hosts and a storage host, owned by this process (or by
    /// <paramref name="ownerPid"/>), after removing networks whose owners are gone. Fails at once without root or ip.
    /// </summary>
    public static NetworkHosts Create(int hosts, int? ownerPid = null)
    {
        if (Unavailable() is { } why) throw new InvalidOperationException($"Cannot make hosts: {why}.");
        if (hosts is < 1 or > MaxHosts) throw new ArgumentOutOfRangeException(nameof(hosts), hosts, $"1 to {MaxHosts} hosts.");
        var pid = ownerPid ?? Environment.ProcessId;
        var owner = $"{pid} {StartTime(pid) ?? throw new ArgumentException($"No process {pid}.", nameof(ownerPid))}";
        var id = Convert.ToHexString(Guid.NewGuid().ToByteArray(), 0, 3).ToLowerInvariant();
        NetworkHosts network;
        // One maker at a time on this machine, so that two never take the same block.
        Directory.CreateDirectory(OwnersFolder);
        using (new FileStream(Path.Combine(OwnersFolder, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            SweepAbandoned();
            var taken = Owners().Select(o => o.Block).ToHashSet();
            var block = Enumerable.Range(0, Blocks).Where(b => !taken.Contains(b)).DefaultIfEmpty(-1).First();
            if (block < 0) throw new InvalidOperationException($"All {Blocks} address blocks of 198.51.100.0/24 are in use by other networks.");
            network = new NetworkHosts(id, block, hosts);
            File.WriteAllText(OwnerFile(id), $"{owner} {block}");
        }
        try
        {
            network.Build();
        }
        catch
        {
            network.Dispose();
            throw;
        }
        return network;
    }

    /// <summary>Cuts <paramref name="host"/> from a link: both ways, or only its own packets (one way).</summary>
    public void Cut(int host, HostLink link, bool bothWays = true)
    {
        var (mine, theirs) = link switch
        {
            HostLink.Peers => (Enumerable.Range(0, Hosts).Where(h => h != host).Select(HostAddress).ToArray(),
                Enumerable.Range(0, Hosts).Where(h => h != host).Select(Namespace).ToArray()),
            HostLink.Storage => (new[] { StorageAddress }, new[] { StorageNamespace }),
            HostLink.Clients => (new[] { ClientAddress }, Array.Empty<string>()),
            _ => throw new ArgumentOutOfRangeException(nameof(link)),
        };
        lock (blackholes)
        {
            foreach (var address in mine) Blackhole(Namespace(host), address);
            if (bothWays)
            {
                foreach (var ns in theirs) Blackhole(ns, HostAddress(host));
                if (link == HostLink.Clients) Blackhole(null, HostAddress(host));
            }
        }
        Log($"cut host {host} ({HostAddress(host)}) from {link.ToString().ToLowerInvariant()}, {(bothWays ? "both ways" : "one way")}");
    }

    /// <summary>
    /// Slows and thins what <paramref name="host"/> sends to every address of the network (peers, storage, clients): each
    /// packet is lost with probability <paramref name="loss"/>, or delivered <paramref name="delay"/> ± <paramref name="jitter"/> late.
    /// </summary>
    public void Impair(int host, TimeSpan delay, TimeSpan jitter, double loss, int seed = 1)
    {
        lock (impairments)
        {
            if (impairments.ContainsKey(host)) throw new InvalidOperationException($"Host {host}'s link is impaired already.");
            impairments[host] = LinkImpairment.Start(Namespace(host), HostAddress(host), $"{Address(Block, 0)}/27", delay, jitter, loss, seed);
        }
        Log($"impaired host {host} ({HostAddress(host)}): delay {delay.TotalMilliseconds:0} ms ± {jitter.TotalMilliseconds:0} ms, loss {loss:0.###%}");
    }

    /// <summary>Packets relayed late and packets lost on <paramref name="host"/>'s impaired link so far (zeros when it is not impaired).</summary>
    public (long Relayed, long Dropped) ImpairedPackets(int host)
    {
        lock (impairments) return impairments.TryGetValue(host, out var impairment) ? impairment.Packets : (0, 0);
    }

    /// <summary>Removes every cut and impairment: all links work again, at full speed.</summary>
    public void Heal()
    {
        lock (blackholes)
        {
            foreach (var (ns, address) in blackholes) Ip(ns, "route", "del", "blackhole", $"{address}/32");
            blackholes.Clear();
        }
        var lifted = LiftImpairments();
        Log("healed: every cut removed" + (lifted.Count == 0 ? "" : $", impairments lifted ({string.Join("; ", lifted)})"));
    }

    /// <summary>Stops every impairment; for each, the host and the packets it relayed and dropped.</summary>
    private List<string> LiftImpairments()
    {
        lock (impairments)
        {
            var lifted = impairments.Select(i => $"host {i.Key}: {i.Value.Packets.Relayed} packets delayed, {i.Value.Packets.Dropped} lost").ToList();
            foreach (var impairment in impairments.Values) impairment.Dispose();
            impairments.Clear();
            return lifted;
        }
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        LiftImpairments();
        TearDown(Id, Block);
        Log("torn down");
    }

    /// <summary>The namespaces and links of network <paramref name="id"/> that exist (none once torn down).</summary>
    public static IReadOnlyList<string> Leftovers(string id)
    {
        var names = Run("ip", "netns", "list").Split('\n').Select(l => l.Split(' ')[0]);
        var links = Run("ip", "-o", "link", "show").Split('\n').Select(l => l.Split(':', 3) is [_, var name, _] ? name.Trim().Split('@')[0] : "");
        return names.Concat(links).Where(n => n.StartsWith(Prefix + id, StringComparison.Ordinal))
            .Concat(File.Exists(OwnerFile(id)) ? [OwnerFile(id)] : []).ToArray();
    }

    /// <summary>Tears down every network whose owner process has ended; the ids removed.</summary>
    public static IReadOnlyList<string> SweepAbandoned()
    {
        var removed = new List<string>();
        foreach (var (id, pid, started, block) in Owners())
        {
            if (StartTime(pid) == started) continue;
            TearDown(id, block);
            removed.Add(id);
        }
        return removed;
    }

    /// <summary>The networks on this machine, from their owner files (id: pid, start time, block).</summary>
    private static IEnumerable<(string Id, int Pid, string Started, int Block)> Owners()
    {
        if (!Directory.Exists(OwnersFolder)) yield break;
        foreach (var file in Directory.GetFiles(OwnersFolder).Where(f => !Path.GetFileName(f).StartsWith('.')))
        {
            var fields = File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 3)
                yield return (Path.GetFileName(file), int.Parse(fields[0], CultureInfo.InvariantCulture), fields[1],
                    int.Parse(fields[2], CultureInfo.InvariantCulture));
        }
    }

    private void Build()
    {
        Run("ip", "netns", "add", SwitchNamespace);
        Ip(SwitchNamespace, "link", "add", "br0", "type", "bridge");
        Ip(SwitchNamespace, "link", "set", "br0", "up");
        // This machine's side: an address on the subnet and nothing else (no route through it, no forwarding set up).
        Attach(null, $"{Prefix}{Id}r", $"{Prefix}{Id}s", ClientAddress);
        Run("ip", "netns", "add", StorageNamespace);
        Attach(StorageNamespace, $"{Prefix}{Id}st", $"{Prefix}{Id}sp", StorageAddress);
        for (int host = 0; host < Hosts; host++)
        {
            Run("ip", "netns", "add", Namespace(host));
            Attach(Namespace(host), $"{Prefix}{Id}h{host}", $"{Prefix}{Id}p{host}", HostAddress(host));
        }
        Log($"network {Id}: {Hosts} hosts {HostAddress(0)}..{HostAddress(Hosts - 1)}, storage {StorageAddress}, clients {ClientAddress}/27");
    }

    /// <summary>A veth from the bridge to <paramref name="ns"/> (null: this machine's namespace) with <paramref name="address"/> in the block.</summary>
    private void Attach(string? ns, string outside, string inside, string address)
    {
        Run("ip", "link", "add", outside, "type", "veth", "peer", "name", inside);
        // The bridge end goes into the switch namespace; the other end is the host's interface (eth0 in a host).
        if (ns is null) (outside, inside) = (inside, outside);
        Run("ip", "link", "set", outside, "netns", SwitchNamespace);
        Ip(SwitchNamespace, "link", "set", outside, "master", "br0", "up");
        var device = inside;
        if (ns is not null)
        {
            Run("ip", "link", "set", inside, "netns", ns);
            Ip(ns, "link", "set", inside, "name", "eth0");
            Ip(ns, "link", "set", "lo", "up");
            device = "eth0";
        }
        Ip(ns, "addr", "add", $"{address}/27", "dev", device);
        Ip(ns, "link", "set", device, "up");
    }

    private void Blackhole(string? ns, string address)
    {
        Ip(ns, "route", "add", "blackhole", $"{address}/32");
        blackholes.Add((ns!, address));
    }

    private static void TearDown(string id, int block)
    {
        var namespaces = Run("ip", "netns", "list").Split('\n').Select(l => l.Split(' ')[0])
            .Where(n => n.StartsWith($"{Prefix}{id}-", StringComparison.Ordinal)).ToArray();
        // Processes first (silos, Azurite): a namespace is only gone once nothing runs in it.
        foreach (var ns in namespaces)
            foreach (var pid in Run("ip", "netns", "pids", ns).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                try { Process.GetProcessById(int.Parse(pid, CultureInfo.InvariantCulture)).Kill(entireProcessTree: true); }
                catch (ArgumentException) { } // ended meanwhile
        foreach (var ns in namespaces) TryRun("ip", "netns", "del", ns);
        // Deleting a namespace deletes its veth ends, and with them their peers; this machine's end is deleted here.
        TryRun("ip", "link", "del", $"{Prefix}{id}r");
        // A cut from clients left in place by a killed owner: this machine's blackhole routes into the block.
        foreach (var route in Run("ip", "route", "show", "type", "blackhole").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var address = route.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            if (address.StartsWith("198.51.100.", StringComparison.Ordinal) &&
                int.Parse(address["198.51.100.".Length..].Split('/')[0], CultureInfo.InvariantCulture) / 32 == block)
                TryRun("ip", "route", "del", "blackhole", address);
        }
        File.Delete(OwnerFile(id));
    }

    private static string OwnerFile(string id) => Path.Combine(OwnersFolder, id);

    /// <summary>A process's start time (clock ticks since boot), so that a pid reused by another process is not taken for the owner.</summary>
    private static string? StartTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19];
        }
        catch (IOException)
        {
            return null;
        }
    }

    private void Log(string what)
    {
        lock (events) events.Add($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {what}");
    }

    internal static void Ip(string? ns, params string[] arguments) =>
        Run(["ip", .. ns is null ? arguments : ["-n", ns, .. arguments]]);

    internal static void TryIp(string? ns, params string[] arguments) =>
        TryRun(["ip", .. ns is null ? arguments : ["-n", ns, .. arguments]]);

    private static void TryRun(params string[] command)
    {
        try { Run(command); }
        catch (InvalidOperationException) { } // already gone
    }

    private static string Run(params string[] command)
    {
        var start = new ProcessStartInfo(command[0], command[1..]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command[0]} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"'{string.Join(' ', command)}' failed ({process.ExitCode}): {errors.Trim()}");
        return output.Result;
    }
}
