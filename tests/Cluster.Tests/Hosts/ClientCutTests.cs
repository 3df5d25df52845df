using System.Diagnostics;
using KeypointGrains.Client.Hosts;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Keypoints.Performance;
using Xunit.Abstractions;

namespace KeypointGrains.Cluster.Tests.Hosts;

/// <summary>
/// A client on this machine, connected with every host's gateway, asks a tiny trained campaign for keypoints while one
/// host is cut from the clients' side (its silo still reaches its peers and storage). A request whose gateway is the
/// cut host goes unanswered; the client makes it again through another gateway. Each request is answered right, or
/// fails with a clear error, within the request timeout: none hangs.
/// </summary>
[Collection(ServedHostsCollection.Name)]
public class ClientCutTests(ServedHosts hosts, ITestOutputHelper output)
{
    private static readonly TimeSpan Cut = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);
    private const int Senders = 4;

    [SkippableFact]
    public async Task Requests_through_a_cut_hosts_gateway_are_answered_through_another_or_fail_clearly_within_the_request_timeout()
    {
        HostCampaigns.SkipUnlessHosts();
        var cluster = hosts.Cluster;
        // Warm: the cut meets serving grains active on every host.
        var client = await hosts.WarmClientAsync(AttemptTimeout, RequestTimeout);

        cluster.Network.Cut(0, HostLink.Clients);
        var clock = Stopwatch.StartNew();
        var outcomes = (await Task.WhenAll(Enumerable.Range(0, Senders).Select(async _ =>
        {
            var sent = new List<Outcome>();
            while (clock.Elapsed < Cut) sent.Add(await Send(client));
            return sent;
        }))).SelectMany(o => o).ToArray();
        cluster.Network.Heal();
        var afterHeal = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Send(client)));

        var latencies = outcomes.Select(o => o.Latency.TotalSeconds).ToArray();
        double Quantile(double q) => LatencyPercentiles.Of(latencies, q);
        output.WriteLine(string.Join('\n', cluster.Network.Events));
        output.WriteLine($"client_cut: requests={outcomes.Length} answered={outcomes.Count(o => o.Error is null)} " +
                         $"errors={outcomes.Count(o => o.Error is not null)} retried={outcomes.Count(o => o.Attempts > 1)} " +
                         $"p50_s={Quantile(0.5):F3} p99_s={Quantile(0.99):F3} max_s={latencies.Max():F3} " +
                         $"after_heal_answered={afterHeal.Count(o => o.Error is null)}/{afterHeal.Length}");
        foreach (var error in outcomes.Where(o => o.Error is not null).Select(o => o.Error).Distinct().Take(5)) output.WriteLine($"error: {error}");

        Assert.All(outcomes, o => Assert.False(o.Hung, $"a request went unanswered for {o.Latency.TotalSeconds:F1} s"));
        // Bounded by the request timeout, with one attempt's grace: the last attempt may start just before it.
        Assert.All(outcomes, o => Assert.True(o.Latency < RequestTimeout + AttemptTimeout, $"a request took {o.Latency.TotalSeconds:F1} s"));
        Assert.All(outcomes.Where(o => o.Error is null), o => Assert.True(o.Correct, "an answer differs from the cluster's before the cut"));
        Assert.All(outcomes.Where(o => o.Error is not null), o => Assert.Matches("[A-Za-z]{4,}", o.Error!));
        Assert.Contains(outcomes, o => o.Error is null);
        Assert.All(afterHeal, o => Assert.Null(o.Error));
    }

    private sealed record Outcome(TimeSpan Latency, string? Error, bool Correct, int Attempts, bool Hung);

    /// <summary>One request, timed; an error is kept as its one-line message. A request still open well past its timeout has hung.</summary>
    private async Task<Outcome> Send(CampaignClient client)
    {
        var clock = Stopwatch.StartNew();
        var request = client.PredictAsync(hosts.Manifest, hosts.Faces);
        try
        {
            var answer = await request.WaitAsync(RequestTimeout * 2);
            return new Outcome(clock.Elapsed, null, hosts.IsExpected(answer), answer.Attempts, false);
        }
        catch (TimeoutException) when (!request.IsCompleted)
        {
            return new Outcome(clock.Elapsed, "hung", false, 0, true);
        }
        catch (Exception error) when (CampaignClient.IsSiloLoss(error))
        {
            return new Outcome(clock.Elapsed, $"{error.GetType().Name}: {error.Message.Split('\n')[0]}", false, 0, false);
        }
    }
}
