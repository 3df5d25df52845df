using System.Diagnostics;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Net.Client;
using KeypointGrains.Client.Commands;
using KeypointGrains.Client.Configuration;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Performance;
using KeypointGrains.Silo.Web;
using KeypointGrains.Silo.Web.Inference;
using KeypointGrains.Silo.Web.Inference.Grpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace KeypointGrains.Client.Bench;

/// <summary>
/// kg bench serve: one campaign's ensemble through the front door (HTTP with binary tensor data, HTTP with JSON, gRPC)
/// against the in-process Orleans client path that the front door itself calls, in one run: one face at a time (the ways
/// alternate request by request, so that a machine whose load drifts slows all alike), then many clients at once (each
/// way in turn, twice). Every way's answer is checked against the Orleans path's.
/// </summary>
public sealed class ServeBench : FacesBench<ServeBenchSettings>
{
    private const double BinaryLatencyGoal = 1.10, JsonLatencyGoal = 1.3, ThroughputGoal = 0.9;
    private const int WarmupRequests = 20, Rounds = 2;

    private sealed record Way(string Name, Func<Task<float[]>> Predict);

    protected override async Task<BenchmarkFigures> MeasureAsync(KgConfiguration config, ServeBenchSettings settings, FaceSet faces, CancellationToken cancellation)
    {
        var campaignId = ClusterAccess.CampaignOrLast(settings.Campaign);
        int clients = config.Resolve(settings.Clients, "bench", "clients", 16);
        int requests = config.Resolve(settings.LatencyRequests, "bench", "requests", 200);
        var duration = TimeSpan.FromSeconds(config.Resolve(settings.Seconds, "bench", "seconds", 10.0));
        if (clients < 1 || requests < 1 || duration <= TimeSpan.Zero)
            throw new UsageException("kg bench serve needs --clients >= 1, --requests >= 1 and --seconds > 0.");

        await using var cluster = await ClusterAccess.OpenAsync(config, settings.Connect, settings.Device, cancellation);
        var manifest = await cluster.Campaigns().GetManifest(campaignId);
        var limits = ClusterSettings.From(config.Settings).FrontDoor;
        var loopback = new WebAccess("http://127.0.0.1:0", null, null) { GrpcUrls = "http://127.0.0.1:0" };
        await using var app = FrontDoorHost.Build(cluster.Client, limits, loopback);
        await app.StartAsync(cancellation);
        app.Services.GetRequiredService<ServedModels>().Accepting = true;
        var listeners = app.Services.GetRequiredService<FrontDoorListeners>();
        using var http = new HttpClient { BaseAddress = new Uri(listeners.HttpUrls[0]) };
        using var channel = GrpcChannel.ForAddress($"http://{listeners.GrpcAddresses[0]}");

        var face = EnsemblePredictor.ToBatch(faces.Select([0]));
        var ways = Ways(new CampaignClient(cluster.Client), manifest, face, http, new GRPCInferenceService.GRPCInferenceServiceClient(channel));
        var figures = new BenchmarkFigures();
        figures.Add("campaign", campaignId);
        figures.Add("manifest_version", manifest.Version);
        figures.Add("members", manifest.Members.Count);

        // The same numbers every way, the Orleans path's being the reference.
        var reference = await ways[0].Predict();
        double worst = 0;
        foreach (var way in ways.Skip(1))
            worst = Math.Max(worst, (await way.Predict()).Zip(reference, (a, b) => Math.Abs(a - b)).Max());
        figures.Add("max_error_vs_orleans_px", worst);

        var single = ways.ToDictionary(w => w.Name, _ => new List<double>());
        for (int i = 0; i < WarmupRequests + requests; i++)
            foreach (var way in ways)
            {
                long start = Stopwatch.GetTimestamp();
                await way.Predict();
                if (i >= WarmupRequests) single[way.Name].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        var loaded = ways.ToDictionary(w => w.Name, _ => (Latencies: new List<double>(), Seconds: 0.0));
        for (int round = 0; round < Rounds; round++)
            foreach (var way in ways)
            {
                var (latencies, seconds) = await LoadAsync(way, clients, duration / Rounds);
                loaded[way.Name] = (loaded[way.Name].Latencies.Concat(latencies).ToList(), loaded[way.Name].Seconds + seconds);
            }

        double P50(string way) => LatencyPercentiles.Of(single[way], 0.5);
        double FacesPerSecond(string way) => loaded[way].Latencies.Count / loaded[way].Seconds;
        figures.Add("clients", clients);
        foreach (var way in ways)
        {
            figures.Add($"{way.Name}_b1_p50_ms", P50(way.Name));
            figures.Add($"{way.Name}_b1_p99_ms", LatencyPercentiles.Of(single[way.Name], 0.99));
            figures.Add($"{way.Name}_c{clients}_p50_ms", LatencyPercentiles.Of(loaded[way.Name].Latencies, 0.5));
            figures.Add($"{way.Name}_c{clients}_p99_ms", LatencyPercentiles.Of(loaded[way.Name].Latencies, 0.99));
            figures.Add($"{way.Name}_c{clients}_faces_per_s", FacesPerSecond(way.Name));
        }
        foreach (var (way, goal) in new[] { ("http_binary", BinaryLatencyGoal), ("grpc", BinaryLatencyGoal), ("http_json", JsonLatencyGoal) })
        {
            double latency = P50(way) / P50("orleans"), throughput = FacesPerSecond(way) / FacesPerSecond("orleans");
            figures.Add($"{way}_b1_vs_orleans", latency);
            figures.Add($"{way}_faces_vs_orleans", throughput);
            figures.Add($"goal_{way}_b1", Goal(latency <= goal, $"<={goal}"));
            figures.Add($"goal_{way}_faces", Goal(throughput >= ThroughputGoal, $">={ThroughputGoal}"));
        }
        return figures;
    }

    /// <summary>The four ways to one face's keypoints: Orleans first (the reference), then the front door's three.</summary>
    private static Way[] Ways(CampaignClient campaigns, EnsembleManifest manifest, FaceBatch face, HttpClient http,
        GRPCInferenceService.GRPCInferenceServiceClient grpc)
    {
        string path = $"/v2/models/{manifest.CampaignId}/infer";
        var binaryHeader = Encoding.UTF8.GetBytes(
            $$$"""{"inputs":[{"name":"faces","datatype":"UINT8","shape":[1,96,96],"parameters":{"binary_data_size":{{{face.Pixels.Length}}}}}],"outputs":[{"name":"keypoints","parameters":{"binary_data":true}}]}""");
        byte[] binaryBody = [.. binaryHeader, .. face.Pixels];
        var jsonBody = JsonSerializer.SerializeToUtf8Bytes(new
        {
            inputs = new[] { new { name = "faces", datatype = "UINT8", shape = new[] { 1, 96, 96 }, data = face.Pixels.Select(b => (int)b) } },
        });
        var grpcRequest = new ModelInferRequest
        {
            ModelName = manifest.CampaignId,
            Inputs = { new ModelInferRequest.Types.InferInputTensor { Name = "faces", Datatype = "UINT8", Shape = { 1, 96, 96 } } },
            RawInputContents = { ByteString.CopyFrom(face.Pixels) },
        };

        async Task<HttpResponseMessage> Post(byte[] body, string contentType, int? headerLength)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            if (headerLength is { } length) content.Headers.Add(RestInferRequest.HeaderLengthHeader, length.ToString());
            var response = await http.PostAsync(path, content);
            return response.IsSuccessStatusCode ? response
                : throw new InvalidOperationException($"The front door answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return
        [
            new("orleans", async () => (await campaigns.PredictAsync(manifest, face)).Coordinates),
            new("http_binary", async () =>
            {
                using var response = await Post(binaryBody, "application/octet-stream", binaryHeader.Length);
                var body = await response.Content.ReadAsByteArrayAsync();
                int header = int.Parse(response.Headers.GetValues(RestInferRequest.HeaderLengthHeader).Single());
                return MemoryMarshal.Cast<byte, float>(body.AsSpan(header)).ToArray();
            }),
            new("http_json", async () =>
            {
                using var response = await Post(jsonBody, "application/json", headerLength: null);
                using var answer = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
                return answer.RootElement.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            }),
            new("grpc", async () => MemoryMarshal.Cast<byte, float>((await grpc.ModelInferAsync(grpcRequest)).RawOutputContents[0].Span).ToArray()),
        ];
    }

    /// <summary><paramref name="clients"/> clients, each sending one request after another for <paramref name="duration"/>.</summary>
    private static async Task<(List<double> Latencies, double Seconds)> LoadAsync(Way way, int clients, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        var perClient = await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            var latencies = new List<double>();
            while (clock.Elapsed < duration)
            {
                long start = Stopwatch.GetTimestamp();
                await way.Predict();
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            return latencies;
        }));
        return (perClient.SelectMany(l => l).ToList(), clock.Elapsed.TotalSeconds);
    }

    private static string Goal(bool met, string goal) => $"{(met ? "met" : "missed")}({goal})";
}
