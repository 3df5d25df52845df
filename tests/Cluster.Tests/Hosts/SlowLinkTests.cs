using System.Diagnostics;
using System.Globalization;
using KeypointGrains.Client.Chaos;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Keypoints.Performance;
using Xunit.Abstractions;

namespace KeypointGrains.Cluster.Tests.Hosts;

/// <summary>
/// Three hosts; what the host training a specialist sends is delayed 100 ms ± 20 ms and 1 % of it lost for a while,
/// mid-training, while a client asks a trained campaign of the same cluster for keypoints. Training goes on (on that
/// host, or elsewhere if the cluster gives up on it) and nothing is lost; every request is answered right before,
/// during and after. Its latency quantiles in each phase are printed, not asserted.
/// </summary>
[Collection(ServedHostsCollection.Name)]
public class SlowLinkTests(ServedHosts hosts, ITestOutputHelper output)
{
    private static readonly TimeSpan SlowFor = TimeSpan.FromSeconds(30);
    private static readonly SlowLink Fault = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(20), Loss: 0.01);

    [SkippableFact]
    public async Task A_host_on_a_slow_lossy_link_trains_on_and_every_request_is_answered_right_during_and_after()
    {
        HostCampaigns.SkipUnlessHosts();
        var cluster = hosts.Cluster;
        var client = await hosts.WarmClientAsync(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(15));
        var id = $"slow-{Guid.NewGuid():N}"[..16];

        using var stopServing = new CancellationTokenSource();
        var serving = Task.Run(() => Serve(client, stopServing.Token));
        var run = await HostCampaigns.FaultMidTrainingAsync(cluster, HostCampaigns.OpenEnded(id), Fault, SlowFor, output);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stopServing.CancelAsync();
        var requests = await serving;

        var began = EventTime(cluster.Network.Events, "impaired host");
        var ended = EventTime(cluster.Network.Events.SkipWhile(e => !e.Contains("impaired host")).ToArray(), "healed");
        string Phase(Request r) => r.Sent < began ? "before" : r.Sent < ended ? "during" : "after";
        foreach (var phase in requests.GroupBy(Phase))
        {
            var seconds = phase.Select(r => r.Latency.TotalMilliseconds).ToArray();
            double Quantile(double q) => LatencyPercentiles.Of(seconds, q);
            output.WriteLine($"serving_{phase.Key}: requests={seconds.Length} errors={phase.Count(r => r.Error is not null)} " +
                             $"p50_ms={Quantile(0.5):F1} p99_ms={Quantile(0.99):F1} max_ms={seconds.Max():F1}");
        }
        foreach (var error in requests.Where(r => r.Error is not null).Select(r => r.Error).Distinct().Take(5)) output.WriteLine($"error: {error}");

        Assert.NotNull(run.Cut);
        Assert.Contains(HostCampaigns.Victim, run.Cut.OnCutHost);
        Assert.True(run.Cut.EpochsDuringCut[HostCampaigns.Victim] > 0, $"{HostCampaigns.Victim} trained no epoch while its host's link was slow");
        HostCampaigns.AssertNothingLost(run);
        // The detour carried the host's packets and lost some of them.
        var lifted = cluster.Network.Events.Last(e => e.Contains("impairments lifted"));
        Assert.Matches($@"host {run.Cut.Host}: [1-9]\d* packets delayed, [1-9]\d* lost", lifted);
        Assert.Contains(requests, r => Phase(r) == "during");
        Assert.Contains(requests, r => Phase(r) == "after");
        Assert.All(requests, r => Assert.True(r.Error is null, $"a request sent {Phase(r)} the slow spell failed: {r.Error}"));
        Assert.All(requests, r => Assert.True(r.Correct, $"an answer sent {Phase(r)} the slow spell differs from the cluster's"));
    }

    private sealed record Request(DateTime Sent, TimeSpan Latency, string? Error, bool Correct);

    /// <summary>Requests one after another until stopped, each timed and checked against the answer before the fault.</summary>
    private async Task<IReadOnlyList<Request>> Serve(CampaignClient client, CancellationToken stop)
    {
        var sent = new List<Request>();
        while (!stop.IsCancellationRequested)
        {
            var at = DateTime.UtcNow;
            var clock = Stopwatch.StartNew();
            try
            {
                var answer = await client.PredictAsync(hosts.Manifest, hosts.Faces);
                sent.Add(new Request(at, clock.Elapsed, null, hosts.IsExpected(answer)));
            }
            catch (Exception error) when (CampaignClient.IsSiloLoss(error))
            {
                sent.Add(new Request(at, clock.Elapsed, $"{error.GetType().Name}: {error.Message.Split('\n')[0]}", false));
            }
            // A steady trickle: the point is each request's latency, not the cluster's throughput.
            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }
        return sent;
    }

    /// <summary>When the network's log first mentions <paramref name="what"/>.</summary>
    private static DateTime EventTime(IReadOnlyList<string> events, string what) =>
        DateTime.Parse(events.First(e => e.Contains(what))[..24], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
