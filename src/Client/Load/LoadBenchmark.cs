using System.Diagnostics;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Keypoints.Performance;

namespace KeypointGrains.Client.Load;

/// <summary>
/// `kg bench load`: many clients at once, each sending requests one after another for a fixed time, every answer
/// checked against the per-model passes; optionally a silo is killed mid-run, and what that cost is measured: the
/// requests that failed (after their attempts on other silos) and the longest any request stalled.
/// </summary>
public static class LoadBenchmark
{
    private const double GpuFacesPerSecondGoal = 30_000;

    /// <param name="requests">Requests the clients send in turn.</param>
    /// <param name="expected">For each request, its 30 coordinates per face from the per-model passes.</param>
    /// <param name="killSilo">Kills a silo and names it (null when no silo may be killed).</param>
    public static async Task<BenchmarkFigures> RunAsync(IGrainFactory grains, EnsembleManifest manifest, IReadOnlyList<FaceBatch> requests,
        IReadOnlyList<float[]> expected, LoadOptions options, Func<string>? killSilo, CancellationToken cancellation = default)
    {
        if (options.KillSiloAfter is not null && killSilo is null)
            throw new InvalidOperationException("A silo can only be killed in a cluster this run started.");
        var campaigns = new CampaignClient(grains) { RequestTimeout = options.RequestTimeout, AttemptTimeout = options.AttemptTimeout };
        var clock = Stopwatch.StartNew();
        double killedAt = double.NaN;
        string killed = "";

        async Task<List<LoadSample>> Client(int client)
        {
            var samples = new List<LoadSample>();
            for (int n = client; clock.Elapsed < options.Duration && !cancellation.IsCancellationRequested; n += options.Clients)
            {
                int r = n % requests.Count;
                double start = clock.Elapsed.TotalSeconds;
                try
                {
                    var answer = await campaigns.PredictAsync(manifest, requests[r]);
                    double error = answer.Coordinates.Zip(expected[r], (a, b) => (double)Math.Abs(a - b)).Max();
                    samples.Add(new LoadSample(start, clock.Elapsed.TotalSeconds, false, error > options.TolerancePixels, answer.Degraded,
                        answer.Attempts, error));
                }
                catch (Exception error) when (error is not OutOfMemoryException)
                {
                    samples.Add(new LoadSample(start, clock.Elapsed.TotalSeconds, true, false, false, 0, 0));
                }
            }
            return samples;
        }

        async Task Kill()
        {
            await Task.Delay(options.KillSiloAfter!.Value, cancellation);
            killed = killSilo!();
            killedAt = clock.Elapsed.TotalSeconds;
        }

        // Every silo loads the ensemble on its first request: one untimed request per client first.
        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(c => campaigns.PredictAsync(manifest, requests[c % requests.Count])));
        clock.Restart();
        var clients = Enumerable.Range(0, options.Clients).Select(c => Task.Run(() => Client(c), cancellation)).ToArray();
        if (options.KillSiloAfter is not null) await Kill();
        var samples = (await Task.WhenAll(clients)).SelectMany(s => s).ToList();
        double seconds = clock.Elapsed.TotalSeconds;

        var answered = samples.Where(s => !s.Failed).ToList();
        var latencies = answered.Select(s => s.Milliseconds).ToList();
        var figures = new BenchmarkFigures();
        figures.Add("clients", options.Clients);
        figures.Add("seconds", seconds);
        figures.Add("faces_per_request", options.FacesPerRequest);
        figures.Add("requests", samples.Count);
        figures.Add("errors", samples.Count(s => s.Failed));
        figures.Add("wrong_answers", samples.Count(s => s.Wrong));
        figures.Add("degraded_answers", samples.Count(s => s.Degraded));
        figures.Add("retried_requests", answered.Count(s => s.Attempts > 1));
        figures.Add("max_error_px", answered.Count > 0 ? answered.Max(s => s.Error) : 0);
        if (latencies.Count > 0)
        {
            figures.Add("p50_ms", LatencyPercentiles.Of(latencies, 0.5));
            figures.Add("p99_ms", LatencyPercentiles.Of(latencies, 0.99));
            figures.Add("p99.9_ms", LatencyPercentiles.Of(latencies, 0.999));
        }
        double facesPerSecond = answered.Count * options.FacesPerRequest / seconds;
        figures.Add("faces_per_s", facesPerSecond);
        if (options.Gpu) figures.Add("goal_gpu_faces_per_s", $"{(facesPerSecond >= GpuFacesPerSecondGoal ? "met" : "missed")}(>={GpuFacesPerSecondGoal})");
        if (!double.IsNaN(killedAt))
        {
            // Requests still waiting when the silo died, and those sent after.
            var afterKill = samples.Where(s => s.End >= killedAt).ToList();
            figures.Add("killed_silo", killed);
            figures.Add("killed_at_s", killedAt);
            figures.Add("failed_after_kill", afterKill.Count(s => s.Failed));
            figures.Add("retried_after_kill", afterKill.Count(s => s.Attempts > 1));
            figures.Add("longest_stall_after_kill_ms", afterKill.Count > 0 ? afterKill.Max(s => s.Milliseconds) : 0);
        }
        return figures;
    }
}
