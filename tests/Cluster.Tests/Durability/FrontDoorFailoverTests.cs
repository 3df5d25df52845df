using System.Net.Http.Json;
using System.Text.Json;
using KeypointGrains.Client.Load;
using KeypointGrains.Client.Processes;
using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Keypoints.Data;
using Xunit.Abstractions;
using TinyCampaigns = KeypointGrains.Cluster.Tests.Support.Campaigns;

namespace KeypointGrains.Cluster.Tests.Durability;

/// <summary>
/// The front door of a live silo keeps answering while another silo of its cluster dies: two silo processes serve a
/// tiny trained campaign, a client sends faces to the first silo's REST front door, and the second silo is killed.
/// Serving grains (and maybe the campaign's coordinator) that lived on it move; the requests that met them are made
/// again on the survivor.
/// </summary>
public class FrontDoorFailoverTests(ITestOutputHelper output)
{
    private const string Campaign = "front-door-failover";

    [Fact]
    public async Task Requests_to_a_live_silos_front_door_succeed_while_another_silo_dies()
    {
        var data = TestData.TrainingCsv();
        using var folder = new TemporaryFolder();
        var settings = TestClusters.LocalSettings(folder.Path);
        settings.Device = "cpu";
        using var silos = await LocalSilos.StartAsync(Checkout.SiloHost(), settings, count: 2, TimeSpan.FromMinutes(2));
        await using var cluster = await ClusterConnection.ConnectAsync(silos.ClientSettings(settings));
        var campaigns = new CampaignClient(cluster.Client);
        var plan = TinyCampaigns.Tiny(Campaign, data, epochs: 1);
        await campaigns.StartCampaign(plan with { Models = plan.Models.Take(3).ToArray() });
        var trained = await TinyCampaigns.Completion(campaigns, Campaign, TimeSpan.FromMinutes(5));
        output.WriteLine($"trained: {TinyCampaigns.Describe(trained)}");
        var manifest = await campaigns.GetManifest(Campaign);
        var faces = Faces.Batch(KaggleCsvReader.ReadTraining(data), 4);
        var expected = (await campaigns.PredictAsync(manifest, faces)).Coordinates;

        using var http = new HttpClient { BaseAddress = new Uri(silos.WebUrls[0]), Timeout = TimeSpan.FromMinutes(1) };
        var body = new
        {
            inputs = new[] { new { name = "faces", datatype = "UINT8", shape = new[] { faces.Count, 96, 96 }, data = faces.Pixels.Select(b => (int)b).ToArray() } },
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string? killed = null;
        int answered = 0, answeredAfterKill = 0;
        double slowestAfterKill = 0;
        // Two seconds of requests before the kill, then at least five after it (the first meets the dead silo).
        while (answeredAfterKill < 5 || clock.Elapsed < TimeSpan.FromSeconds(8))
        {
            if (killed is null && clock.Elapsed > TimeSpan.FromSeconds(2)) killed = silos.KillOne();
            var sent = clock.Elapsed;
            var answer = await http.PostAsJsonAsync($"/v2/models/{Campaign}/infer", body);
            Assert.True(answer.IsSuccessStatusCode,
                $"Request {answered + 1} ({sent.TotalSeconds:F1} s, silo {killed ?? "none"} killed): {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            var keypoints = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outputs")[0].GetProperty("data")
                .EnumerateArray().Select(v => v.GetSingle()).ToArray();
            double worst = expected.Zip(keypoints, (e, a) => Math.Abs(e - a)).Max();
            Assert.True(worst <= 1e-4, $"Request {answered + 1} differs from the cluster's answer by {worst} px");
            answered++;
            if (killed is null) continue;
            answeredAfterKill++;
            slowestAfterKill = Math.Max(slowestAfterKill, (clock.Elapsed - sent).TotalSeconds);
        }
        output.WriteLine($"killed={killed} answered={answered} answered_after_kill={answeredAfterKill} slowest_after_kill_s={slowestAfterKill:F2}");
        Assert.NotNull(killed);
    }
}
