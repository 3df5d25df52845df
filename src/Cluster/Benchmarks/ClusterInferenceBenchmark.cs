using System.Diagnostics;
using KeypointGrains.Cluster.Campaigns;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Grains.Storage;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Performance;

namespace KeypointGrains.Cluster.Benchmarks;

/// <summary>
/// `kg bench infer --cluster`: one face and batches through client → six specialist grains → merge, against the same
/// six forward passes run directly in this process with no Orleans in between.
/// </summary>
public static class ClusterInferenceBenchmark
{
    public static async Task<BenchmarkFigures> RunAsync(CampaignClient client, EnsembleManifest manifest,
        ICheckpointStore checkpoints, FaceBatch faces, InferenceBenchmarkOptions options)
    {
        int batchSize = Math.Min(options.BatchSize, faces.Count);
        var one = Slice(faces, 1);
        var batch = Slice(faces, batchSize);
        var specialists = manifest.Specialists.ToArray();
        var figures = new BenchmarkFigures();
        figures.Add("manifest_version", manifest.Version);
        figures.Add("specialists", specialists.Length);
        figures.Add("batch_size", batchSize);

        int degraded = 0;
        async Task Ensemble(FaceBatch request)
        {
            if ((await client.PredictAsync(manifest, request)).Degraded) degraded++;
        }
        await Repeat(options.WarmupRequests, () => Ensemble(one));
        var ensembleLatency = await Time(options.LatencyRequests, () => Ensemble(one));
        await Ensemble(batch);
        double ensembleSeconds = (await Time(options.BatchRequests, () => Ensemble(batch))).Sum() / 1000;

        var firstGroup = specialists[0];
        var groups = client.Grains;
        var groupLatency = await Time(options.LatencyRequests,
            () => groups.GetGrain<ISpecialistPredictorGrain>(firstGroup.Model).Predict(firstGroup, one));

        var models = new List<TrainedModel>();
        try
        {
            foreach (var member in specialists)
            {
                await using var stream = await checkpoints.OpenReadAsync(member.Checkpoint);
                models.Add(TrainedModel.Load(stream, options.Device));
            }
            Task Bare(FaceBatch request)
            {
                var pixels = new float[request.Pixels.Length];
                for (int i = 0; i < pixels.Length; i++) pixels[i] = request.Pixels[i] / 255f;
                foreach (var model in models) model.Predict(pixels, request.Count);
                return Task.CompletedTask;
            }
            await Repeat(options.WarmupRequests, () => Bare(one));
            var bareLatency = await Time(options.LatencyRequests, () => Bare(one));
            await Bare(batch);
            double bareSeconds = (await Time(options.BatchRequests, () => Bare(batch))).Sum() / 1000;

            double ensembleP50 = LatencyPercentiles.Of(ensembleLatency, 0.5), bareP50 = LatencyPercentiles.Of(bareLatency, 0.5);
            figures.Add("ensemble_b1_p50_ms", ensembleP50);
            figures.Add("ensemble_b1_p99_ms", LatencyPercentiles.Of(ensembleLatency, 0.99));
            figures.Add("ensemble_faces_per_s", options.BatchRequests * batchSize / ensembleSeconds);
            figures.Add("bare_b1_p50_ms", bareP50);
            figures.Add("bare_b1_p99_ms", LatencyPercentiles.Of(bareLatency, 0.99));
            figures.Add("bare_faces_per_s", options.BatchRequests * batchSize / bareSeconds);
            figures.Add("cluster_overhead_b1_p50_ms", ensembleP50 - bareP50);
            figures.Add("one_group_b1_p50_ms", LatencyPercentiles.Of(groupLatency, 0.5));
            figures.Add("ensemble_batched_vs_bare", bareSeconds / ensembleSeconds);
            figures.Add("degraded_requests", degraded);
            return figures;
        }
        finally
        {
            foreach (var model in models) model.Dispose();
        }
    }

    private static FaceBatch Slice(FaceBatch faces, int count) =>
        new(faces.Pixels.AsSpan(0, count * FaceBatch.BytesPerFace).ToArray());

    private static async Task Repeat(int times, Func<Task> action)
    {
        for (int i = 0; i < times; i++) await action();
    }

    /// <summary>Milliseconds of each of <paramref name="times"/> sequential calls.</summary>
    private static async Task<List<double>> Time(int times, Func<Task> action)
    {
        var samples = new List<double>(times);
        for (int i = 0; i < times; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await action();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return samples;
    }
}
