using System.Diagnostics;
using KeypointGrains.Client.Commands;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.ClusterClient.Inference;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Contracts.Storage;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Performance;
using KeypointGrains.Keypoints.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace KeypointGrains.Client.Bench;

/// <summary>
/// `kg bench infer --cluster`: one face and batches through client → serving grain (fused pass, dynamic batching) →
/// merge, against two bare ways of computing the same numbers in this process with no Orleans in between: each
/// specialist's own pass in turn (the way the ensemble was served before fusing), and the fused pass called directly.
/// The three alternate request by request, so that a machine whose load drifts slows all alike. The goals compare the
/// cluster with the faster bare way (on CUDA also with absolute latencies), and the served coordinates with the
/// per-model ones (each group's fold copies averaged, in a k-fold campaign).
/// </summary>
public static class ClusterInferenceBenchmark
{
    private const double LatencyGoal = 1.15, ThroughputGoal = 0.9, GpuP50GoalMs = 1.0, GpuP99GoalMs = 2.0;
    public const double HalfPrecisionRmseGoalPx = 0.005;

    /// <summary>
    /// Runs the benchmark; with <paramref name="validation"/> (complete faces, each with the members that never trained on
    /// them: <see cref="HeldOutFaces.Of"/>) it also scores served and fp32 answers on them.
    /// </summary>
    public static async Task<BenchmarkFigures> RunAsync(IGrainFactory grains, EnsembleManifest manifest, ICheckpointStore checkpoints,
        FaceBatch faces, InferenceBenchmarkOptions options, IReadOnlyList<(EnsembleManifest Members, FaceSet Faces)>? validation = null)
    {
        var client = new CampaignClient(grains) { RequestTimeout = options.RequestTimeout, AttemptTimeout = options.RequestTimeout };
        int batchSize = Math.Min(options.BatchSize, faces.Count);
        var one = Slice(faces, 1);
        var batch = Slice(faces, batchSize);
        var specialists = manifest.Specialists.ToArray();

        var separate = await CheckpointModels.LoadAsync(checkpoints, specialists, options.Device);
        try
        {
            using var fused = EnsembleModel.Create(await CheckpointModels.LoadAsync(checkpoints, specialists, options.Device), options.Precision, options.FacesPerPass);
            int degraded = 0;
            var precision = "";
            async Task<EnsemblePrediction> Ensemble(FaceBatch request)
            {
                var prediction = await client.PredictAsync(manifest, request);
                if (prediction.Degraded) degraded++;
                precision = prediction.Precision;
                return prediction;
            }
            float[][] Separate(FaceBatch request)
            {
                var pixels = PixelsOf(request);
                return separate.Select(model => model.Predict(pixels, request.Count)).ToArray();
            }

            var (ensembleLatency, separateLatency, fusedLatency) = (new List<double>(), new List<double>(), new List<double>());
            for (int i = 0; i < options.WarmupRequests + options.LatencyRequests; i++)
            {
                bool counted = i >= options.WarmupRequests;
                await Time(() => Ensemble(one), counted ? ensembleLatency : null);
                await Time(() => Task.FromResult(Separate(one)), counted ? separateLatency : null);
                await Time(() => Task.FromResult(fused.Predict(one.Pixels, 1)), counted ? fusedLatency : null);
            }
            var (ensembleBatches, separateBatches, fusedBatches) = (new List<double>(), new List<double>(), new List<double>());
            for (int i = 0; i < 1 + options.BatchRequests; i++)
            {
                await Time(() => Ensemble(batch), i > 0 ? ensembleBatches : null);
                await Time(() => Task.FromResult(Separate(batch)), i > 0 ? separateBatches : null);
                await Time(() => Task.FromResult(fused.Predict(batch.Pixels, batchSize)), i > 0 ? fusedBatches : null);
            }
            var served = await Ensemble(batch);
            double maxError = MaxError(served, Groups(specialists, Separate(batch)));

            double P(List<double> samples, double q) => LatencyPercentiles.Of(samples, q);
            double ensembleFaces = FacesPerSecond(ensembleBatches, batchSize);
            double separateFaces = FacesPerSecond(separateBatches, batchSize), fusedFaces = FacesPerSecond(fusedBatches, batchSize);
            // The fastest bare way to the same numbers, whichever it is.
            var bare = P(fusedLatency, 0.5) <= P(separateLatency, 0.5) ? fusedLatency : separateLatency;
            double bareFaces = Math.Max(separateFaces, fusedFaces);

            var figures = new BenchmarkFigures();
            figures.Add("manifest_version", manifest.Version);
            figures.Add("specialists", specialists.Length);
            figures.Add("groups", specialists.Select(s => s.Group).Distinct().Count());
            figures.Add("fused_specialists", fused.FusedMembers);
            figures.Add("precision", precision);
            figures.Add("batch_size", batchSize);
            figures.Add("faces_per_fused_pass", fused.FacesPerPass);
            void AddWay(string name, List<double> latency, double facesPerSecond)
            {
                figures.Add($"{name}_b1_p50_ms", P(latency, 0.5));
                figures.Add($"{name}_b1_p99_ms", P(latency, 0.99));
                figures.Add($"{name}_faces_per_s", facesPerSecond);
            }
            AddWay("ensemble", ensembleLatency, ensembleFaces);
            AddWay("bare_separate", separateLatency, separateFaces);
            AddWay("bare_fused", fusedLatency, fusedFaces);
            AddWay("bare", bare, bareFaces);
            figures.Add("cluster_overhead_b1_p50_ms", P(ensembleLatency, 0.5) - P(bare, 0.5));
            figures.Add("ensemble_b1_vs_bare", P(ensembleLatency, 0.5) / P(bare, 0.5));
            figures.Add("ensemble_faces_vs_bare", ensembleFaces / bareFaces);
            figures.Add("goal_b1_vs_bare", Goal(P(ensembleLatency, 0.5) / P(bare, 0.5) <= LatencyGoal, $"<= {LatencyGoal}"));
            figures.Add("goal_faces_vs_bare", Goal(ensembleFaces / bareFaces >= ThroughputGoal, $">= {ThroughputGoal}"));
            if (ComputeDevice.Resolve(options.Device).type == DeviceType.CUDA)
            {
                figures.Add("goal_gpu_b1_p50", Goal(P(ensembleLatency, 0.5) <= GpuP50GoalMs, $"<= {GpuP50GoalMs} ms"));
                figures.Add("goal_gpu_b1_p99", Goal(P(ensembleLatency, 0.99) <= GpuP99GoalMs, $"<= {GpuP99GoalMs} ms"));
            }
            figures.Add("max_error_vs_models_px", maxError);
            figures.Add("degraded_requests", degraded);
            if (validation is not null)
            {
                var (servedParts, reference) = (new List<(IReadOnlyList<GroupPrediction>, FaceSet)>(), new List<(IReadOnlyList<GroupPrediction>, FaceSet)>());
                foreach (var (members, heldOut) in validation)
                {
                    // Each part by its own members only: in a k-fold campaign the others trained on these faces.
                    var own = members.Specialists.Select(m => Array.FindIndex(specialists, s => s.Model == m.Model)).ToArray();
                    var groups = Groups(own.Select(i => specialists[i]).ToArray(),
                        own.Select(i => separate[i].Predict(heldOut.Pixels, heldOut.Count)).ToArray());
                    reference.Add((groups, heldOut));
                    servedParts.Add((await PredictAllAsync(client, members, groups, heldOut, batchSize), heldOut));
                }
                double servedRmse = Rmse(servedParts), referenceRmse = Rmse(reference);
                figures.Add("validation_faces", validation.Sum(part => part.Faces.Count));
                figures.Add("rmse_fp32_px", referenceRmse);
                figures.Add("rmse_served_px", servedRmse);
                figures.Add("rmse_delta_px", servedRmse - referenceRmse);
                figures.Add("goal_rmse_delta", Goal(Math.Abs(servedRmse - referenceRmse) <= HalfPrecisionRmseGoalPx, $"<= {HalfPrecisionRmseGoalPx} px"));
            }
            return figures;
        }
        finally
        {
            foreach (var model in separate) model.Dispose();
        }
    }

    /// <summary>Each group's answer from its members' own passes: the fold copies of a k-fold campaign averaged.</summary>
    private static GroupPrediction[] Groups(IReadOnlyList<EnsembleMember> specialists, float[][] perModel) =>
        specialists.Select((member, m) => (member, answer: new GroupPrediction(member.Model, member.Columns, perModel[m])))
            .GroupBy(p => p.member.Group)
            .Select(group => FoldAverage.Of(group.Key, group.Select(p => p.answer))!)
            .ToArray();

    /// <summary>The largest difference between the served coordinates and each group's own, over its columns.</summary>
    private static double MaxError(EnsemblePrediction served, IReadOnlyList<GroupPrediction> groups)
    {
        double worst = 0;
        foreach (var group in groups)
        {
            var columns = group.Columns;
            for (int face = 0; face < served.Count; face++)
                for (int c = 0; c < columns.Count; c++)
                    worst = Math.Max(worst, Math.Abs(served.Face(face)[columns[c]] - group.Coordinates[face * columns.Count + c]));
        }
        return worst;
    }

    /// <summary>The served coordinates of every face, in the shape of <paramref name="groups"/> (their columns).</summary>
    private static async Task<GroupPrediction[]> PredictAllAsync(CampaignClient client, EnsembleManifest manifest,
        IReadOnlyList<GroupPrediction> groups, FaceSet faces, int chunk)
    {
        var answers = groups.Select(g => new float[faces.Count * g.Columns.Count]).ToArray();
        var batch = EnsemblePredictor.ToBatch(faces);
        for (int start = 0; start < faces.Count; start += chunk)
        {
            int count = Math.Min(chunk, faces.Count - start);
            var part = await client.PredictAsync(manifest,
                new FaceBatch(batch.Pixels.AsSpan(start * FaceBatch.BytesPerFace, count * FaceBatch.BytesPerFace).ToArray()));
            for (int g = 0; g < groups.Count; g++)
            {
                var columns = groups[g].Columns;
                for (int face = 0; face < count; face++)
                    for (int c = 0; c < columns.Count; c++)
                        answers[g][(start + face) * columns.Count + c] = part.Face(face)[columns[c]];
            }
        }
        return groups.Select((g, i) => g with { Coordinates = answers[i] }).ToArray();
    }

    /// <summary>RMSE in pixels of the groups' answers over the columns they cover, on the labelled faces of every part.</summary>
    private static double Rmse(IReadOnlyList<(IReadOnlyList<GroupPrediction> Groups, FaceSet Faces)> parts)
    {
        var columns = parts.SelectMany(p => p.Groups).SelectMany(g => g.Columns).Distinct().Order().ToArray();
        var merged = new List<float>();
        foreach (var (groups, faces) in parts)
        {
            var face = new float[columns.Length];
            for (int f = 0; f < faces.Count; f++)
            {
                Array.Fill(face, float.NaN);
                foreach (var group in groups)
                    for (int c = 0; c < group.Columns.Count; c++)
                        face[Array.IndexOf(columns, group.Columns[c])] = group.Coordinates[f * group.Columns.Count + c];
                if (Array.Exists(face, float.IsNaN))
                    throw new InvalidOperationException("A part of the ensemble covers fewer keypoints than the others: its scores cannot be compared.");
                merged.AddRange(face);
            }
        }
        return Evaluator.Evaluate("ensemble", columns, merged.ToArray(), FaceSet.Concat(parts.Select(p => p.Faces).ToArray())).RmsePixels;
    }

    private static string Goal(bool met, string goal) => $"{(met ? "met" : "missed")}({goal.Replace(" ", "")})";

    private static float[] PixelsOf(FaceBatch faces) => GreyLevels.ToUnit(faces.Pixels);

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
