using System.Diagnostics;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Contracts.Storage;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Performance;

namespace KeypointGrains.Client.Commands;

/// <summary>
/// `kg bench infer --cluster`: one face and batches through client → six specialist grains → merge, against the same
/// six forward passes run directly in this process with no Orleans in between. The two alternate request by request,
/// so that a machine whose load drifts (other processes) slows both alike.
/// </summary>
public static class ClusterInferenceBenchmark
{
    public static async Task<BenchmarkFigures> RunAsync(IGrainFactory grains, EnsembleManifest manifest,
        ICheckpointStore checkpoints, FaceBatch faces, InferenceBenchmarkOptions options)
    {
        var client = new CampaignClient(grains) { GroupTimeout = options.GroupTimeout };
        int batchSize = Math.Min(options.BatchSize, faces.Count);
        var one = Slice(faces, 1);
        var batch = Slice(faces, batchSize);
        var specialists = manifest.Specialists.ToArray();

        var models = new List<TrainedModel>();
        try
        {
            foreach (var member in specialists)
            {
                await using var stream = await checkpoints.OpenReadAsync(member.Checkpoint);
                models.Add(TrainedModel.Load(stream, options.Device));
            }

            int degraded = 0;
            async Task Ensemble(FaceBatch request)
            {
                if ((await client.PredictAsync(manifest, request)).Degraded) degraded++;
            }
            Task Bare(FaceBatch request)
            {
                var pixels = new float[request.Pixels.Length];
                for (int i = 0; i < pixels.Length; i++) pixels[i] = request.Pixels[i] / 255f;
                foreach (var model in models) model.Predict(pixels, request.Count);
                return Task.CompletedTask;
            }
            var firstGroup = specialists[0];
            Task OneGroup(FaceBatch request) => grains.GetGrain<IModelServingGrain>(firstGroup.Model).Predict(firstGroup, request);

            var (ensembleLatency, bareLatency, groupLatency) = (new List<double>(), new List<double>(), new List<double>());
            for (int i = 0; i < options.WarmupRequests + options.LatencyRequests; i++)
            {
                bool counted = i >= options.WarmupRequests;
                await Time(() => Ensemble(one), counted ? ensembleLatency : null);
                await Time(() => Bare(one), counted ? bareLatency : null);
                await Time(() => OneGroup(one), counted ? groupLatency : null);
            }
            var (ensembleBatches, bareBatches) = (new List<double>(), new List<double>());
            for (int i = 0; i < 1 + options.BatchRequests; i++)
            {
                await Time(() => Ensemble(batch), i > 0 ? ensembleBatches : null);
                await Time(() => Bare(batch), i > 0 ? bareBatches : null);
            }

            double ensembleP50 = LatencyPercentiles.Of(ensembleLatency, 0.5), bareP50 = LatencyPercentiles.Of(bareLatency, 0.5);
            double ensembleFacesPerSecond = FacesPerSecond(ensembleBatches, batchSize);
            double bareFacesPerSecond = FacesPerSecond(bareBatches, batchSize);
            var figures = new BenchmarkFigures();
            figures.Add("manifest_version", manifest.Version);
            figures.Add("specialists", specialists.Length);
            figures.Add("batch_size", batchSize);
            figures.Add("ensemble_b1_p50_ms", ensembleP50);
            figures.Add("ensemble_b1_p99_ms", LatencyPercentiles.Of(ensembleLatency, 0.99));
            figures.Add("ensemble_faces_per_s", ensembleFacesPerSecond);
            figures.Add("bare_b1_p50_ms", bareP50);
            figures.Add("bare_b1_p99_ms", LatencyPercentiles.Of(bareLatency, 0.99));
            figures.Add("bare_faces_per_s", bareFacesPerSecond);
            figures.Add("cluster_overhead_b1_p50_ms", ensembleP50 - bareP50);
            figures.Add("one_group_b1_p50_ms", LatencyPercentiles.Of(groupLatency, 0.5));
            figures.Add("ensemble_vs_bare_faces_per_s", ensembleFacesPerSecond / bareFacesPerSecond);
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

    private static double FacesPerSecond(List<double> batchMilliseconds, int batchSize) =>
        batchMilliseconds.Count * batchSize / (batchMilliseconds.Sum() / 1000);

    /// <summary>Runs <paramref name="action"/>, adding its milliseconds to <paramref name="samples"/> unless that is null (warm-up).</summary>
    private static async Task Time(Func<Task> action, List<double>? samples)
    {
        long start = Stopwatch.GetTimestamp();
        await action();
        samples?.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }
}
