using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using KeypointGrains.Client.Processes;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Observability.Tests.Support;

namespace KeypointGrains.Observability.Tests.FrontDoor;

/// <summary>kg serve as a user runs it: a process of its own that joins the cluster, says where it listens, serves, and drains on SIGTERM.</summary>
[Collection(ServingSiloCollection.Name)]
public class KgServeTests(ServingSilo silo)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Kg_serve_prints_its_addresses_serves_the_campaign_and_stops_cleanly_on_SIGTERM()
    {
        silo.RequireCampaign();
        using var folder = new TemporaryFolder();
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var kg = Path.Combine(Checkout.Root, "src", "Client", "bin", configuration, "net10.0", "kg.dll");
        var start = new ProcessStartInfo("dotnet", [kg, "serve", "--cluster", "--campaign", ServingSilo.Campaign, "--port", "0", "--grpc-port", "0"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder.Path,
        };
        start.Environment["KG_HUGE_PAGES"] = "0";
        start.Environment["KG_Cluster__GatewayPorts__0"] = silo.GatewayPort.ToString();
        using var process = new Process { StartInfo = start };
        // Both streams are read as they come: a server whose output pipe fills up blocks in its logger.
        var output = new ConcurrentQueue<string>();
        var addresses = new TaskCompletionSource<(string Http, string Grpc)>(TaskCreationOptions.RunContinuationsAsynchronously);
        string? http = null;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line) return;
            output.Enqueue(line);
            if (line.StartsWith("http=")) http = line["http=".Length..];
            if (line.StartsWith("grpc=") && http is not null) addresses.TrySetResult((http, line["grpc=".Length..]));
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) output.Enqueue(line); };
        process.Exited += (_, _) => addresses.TrySetException(new Exception($"kg serve exited with {process.ExitCode} before it said where it listens"));
        process.EnableRaisingEvents = true;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        string Said() => string.Join('\n', output);
        try
        {
            var (httpUrl, grpc) = await addresses.Task.WaitAsync(Limit);
            Assert.Matches(@"^127\.0\.0\.1:[1-9]\d*$", grpc);

            using var client = new HttpClient { BaseAddress = new Uri(httpUrl), Timeout = Limit };
            Assert.True((await client.GetFromJsonAsync<JsonElement>("/v2/health/ready")).GetProperty("ready").GetBoolean());
            var one = new FaceBatch(silo.Faces.Pixels[..FaceBatch.BytesPerFace]);
            var answer = await client.PostAsJsonAsync($"/v2/models/{ServingSilo.Campaign}/infer", new
            {
                inputs = new[] { new { name = "faces", datatype = "UINT8", shape = new[] { 1, 96, 96 }, data = one.Pixels.Select(b => (int)b).ToArray() } },
            });
            Assert.True(answer.IsSuccessStatusCode, $"{answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}\n{Said()}");
            var keypoints = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outputs")[0].GetProperty("data")
                .EnumerateArray().Select(v => v.GetSingle()).ToArray();
            ServingSilo.AssertClose(await silo.Expected(one), keypoints);

            using (var terminate = Process.Start("kill", ["-TERM", process.Id.ToString()])!) await terminate.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(Limit);
            process.WaitForExit(); // the last lines reach the handlers
            Assert.True(process.ExitCode == 0, $"kg serve exited with {process.ExitCode}:\n{Said()}");
            Assert.Contains("Stopped.", output);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"kg serve did not answer within {Limit}:\n{Said()}");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }
}
