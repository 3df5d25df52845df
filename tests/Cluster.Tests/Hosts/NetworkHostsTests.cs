using System.Diagnostics;
using KeypointGrains.Client.Hosts;
using KeypointGrains.Cluster.Tests.Support;

namespace KeypointGrains.Cluster.Tests.Hosts;

/// <summary>
/// Hosts as network namespaces: what each cut takes away and what it leaves, heal, the log of faults, and teardown
/// that leaves nothing behind, also of a network whose owner was killed. Needs root and ip (iproute2); node serves the
/// small listeners the links are tried against.
/// </summary>
public class NetworkHostsTests
{
    private const int Port = 7000;

    [SkippableFact]
    public void Each_cut_takes_away_its_link_only_and_heal_gives_every_link_back()
    {
        SkipUnlessNamespaces();
        using var network = NetworkHosts.Create(hosts: 2);
        var listeners = new[] { network.Namespace(0), network.Namespace(1), network.StorageNamespace }
            .Zip([network.HostAddress(0), network.HostAddress(1), network.StorageAddress], Listen).ToList();
        try
        {
            string h0 = network.Namespace(0), h1 = network.Namespace(1);
            Assert.True(Reaches(h0, network.HostAddress(1)));
            Assert.True(Reaches(h1, network.HostAddress(0)));
            Assert.True(Reaches(h0, network.StorageAddress));
            Assert.True(Reaches(null, network.HostAddress(0)));

            network.Cut(0, HostLink.Peers);
            Assert.False(Reaches(h0, network.HostAddress(1)));
            Assert.False(Reaches(h1, network.HostAddress(0)));
            Assert.True(Reaches(h0, network.StorageAddress));
            Assert.True(Reaches(null, network.HostAddress(0)));
            network.Heal();
            Assert.True(Reaches(h0, network.HostAddress(1)));

            // One way: only host 0 routes its packets nowhere; host 1's routes are untouched.
            network.Cut(0, HostLink.Peers, bothWays: false);
            Assert.False(Reaches(h0, network.HostAddress(1)));
            Assert.Empty(Blackholes(h1));
            network.Heal();

            network.Cut(0, HostLink.Storage);
            Assert.False(Reaches(h0, network.StorageAddress));
            Assert.True(Reaches(h1, network.StorageAddress));
            Assert.True(Reaches(h0, network.HostAddress(1)));
            network.Heal();

            network.Cut(1, HostLink.Clients);
            Assert.False(Reaches(null, network.HostAddress(1)));
            Assert.True(Reaches(null, network.HostAddress(0)));
            Assert.True(Reaches(h0, network.HostAddress(1)));
            network.Heal();
            Assert.True(Reaches(null, network.HostAddress(1)));
            Assert.True(Reaches(h0, network.StorageAddress));

            // Every fault and heal is a line with its time.
            Assert.Equal(9, network.Events.Count);
            Assert.All(network.Events, e => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z ", e));
            Assert.Contains(network.Events, e => e.EndsWith("cut host 0 (" + network.HostAddress(0) + ") from peers, one way"));
        }
        finally
        {
            network.Dispose();
        }
        Assert.Empty(NetworkHosts.Leftovers(network.Id));
        Assert.All(listeners, l => Assert.True(l.HasExited, "a listener in a namespace outlived its network"));
        Assert.DoesNotContain(network.HostAddress(1) + " ", Run("ip", "route", "show", "type", "blackhole"));
    }

    [SkippableFact]
    public void An_impaired_link_delays_or_drops_what_its_host_sends_until_healed()
    {
        SkipUnlessNamespaces();
        using var network = NetworkHosts.Create(hosts: 2);
        using var listener = Listen(network.Namespace(1), network.HostAddress(1));
        string h0 = network.Namespace(0), h1 = network.Namespace(1);

        network.Impair(0, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(20), loss: 0);
        // A connection's first packet leaves host 0 no sooner than 80 ms after it was sent; load can only add to that.
        var slowed = Enumerable.Range(0, 3).Select(_ => ConnectMilliseconds(h0, network.HostAddress(1))).ToArray();
        Assert.All(slowed, ms => Assert.True(ms >= 80, $"a connection from the impaired host opened in {ms:F1} ms"));
        Assert.True(network.ImpairedPackets(0).Relayed >= 3);
        Assert.Equal(0, network.ImpairedPackets(0).Dropped);
        Assert.Throws<InvalidOperationException>(() => network.Impair(0, TimeSpan.Zero, TimeSpan.Zero, loss: 0));
        network.Heal();
        Assert.Equal((0, 0), network.ImpairedPackets(0));
        Assert.True(Reaches(h0, network.HostAddress(1)));

        // Every packet lost: nothing host 0 sends arrives, while host 1's own link still works.
        network.Impair(0, TimeSpan.Zero, TimeSpan.Zero, loss: 1);
        Assert.False(Reaches(h0, network.HostAddress(1)));
        Assert.True(network.ImpairedPackets(0).Dropped > 0);
        Assert.Equal(0, network.ImpairedPackets(0).Relayed);
        Assert.True(Reaches(null, network.HostAddress(1)));
        network.Heal();
        Assert.True(Reaches(h0, network.HostAddress(1)));

        Assert.Contains(network.Events, e => e.Contains("impaired host 0 (" + network.HostAddress(0) + "): delay 100 ms ± 20 ms, loss 0%"));
        Assert.Contains(network.Events, e => e.Contains("impairments lifted (host 0:"));
        // The detour went with the heal: no TUN device or rule is left in the host.
        Assert.DoesNotContain("kgslow", Run("ip", "-n", h0, "link", "show"));
        Assert.DoesNotContain("fwmark", Run("ip", "-n", h0, "rule", "show"));
    }

    [SkippableFact]
    public void A_network_whose_owner_was_killed_is_torn_down_with_its_processes_by_the_next_network_made()
    {
        SkipUnlessNamespaces();
        using var owner = Process.Start("sleep", "600");
        var abandoned = NetworkHosts.Create(hosts: 2, ownerPid: owner.Id);
        var listener = Listen(abandoned.Namespace(1), abandoned.HostAddress(1));
        abandoned.Cut(1, HostLink.Clients);
        owner.Kill();
        owner.WaitForExit();
        Assert.NotEmpty(NetworkHosts.Leftovers(abandoned.Id));

        using (var next = NetworkHosts.Create(hosts: 1))
        {
            Assert.Empty(NetworkHosts.Leftovers(abandoned.Id));
            Assert.True(listener.WaitForExit(TimeSpan.FromSeconds(10)), "a process in the abandoned network was left running");
        }
        // Its cut from clients (a route on this machine) went with it.
        Assert.DoesNotContain(abandoned.HostAddress(1) + " ", Run("ip", "route", "show", "type", "blackhole"));
    }

    private static void SkipUnlessNamespaces()
    {
        Skip.If(NetworkHosts.Unavailable() is not null, NetworkHosts.Unavailable());
        Skip.If(!Azurite.NodeInstalled, "node is not installed (it serves the test's listeners)");
    }

    /// <summary>A TCP listener on <paramref name="address"/> in <paramref name="ns"/>, ready when this returns.</summary>
    private static Process Listen(string ns, string address)
    {
        var listener = Process.Start(new ProcessStartInfo("ip",
            ["netns", "exec", ns, "node", "-e", $"require('net').createServer(s => s.end()).listen({Port}, '{address}', () => console.log('ready'))"])
        {
            RedirectStandardOutput = true,
        })!;
        Assert.Equal("ready", listener.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1)).GetAwaiter().GetResult());
        return listener;
    }

    /// <summary>Whether a TCP connection from <paramref name="ns"/> (null: this machine) to the address's listener opens within 3 s.</summary>
    private static bool Reaches(string? ns, string address)
    {
        string[] probe = ["timeout", "3", "bash", "-c", $"exec 3<>/dev/tcp/{address}/{Port}"];
        string[] command = ns is null ? probe : ["ip", "netns", "exec", ns, .. probe];
        using var process = Process.Start(new ProcessStartInfo(command[0], command[1..]) { RedirectStandardError = true })!;
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0;
    }

    /// <summary>How long a TCP connection from <paramref name="ns"/> to the address's listener takes to open, in milliseconds.</summary>
    private static double ConnectMilliseconds(string ns, string address)
    {
        var script = "const t = process.hrtime.bigint(); " +
                     $"require('net').connect({Port}, '{address}', () => {{ console.log(Number(process.hrtime.bigint() - t) / 1e6); process.exit(0); }})";
        var output = Run("timeout", "10", "ip", "netns", "exec", ns, "node", "-e", script);
        return double.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Blackholes(string ns) => Run("ip", "-n", ns, "route", "show", "type", "blackhole");

    private static string Run(params string[] command)
    {
        using var process = Process.Start(new ProcessStartInfo(command[0], command[1..]) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
