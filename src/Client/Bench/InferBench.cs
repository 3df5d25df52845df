using KeypointGrains.Client.Commands;
using KeypointGrains.Client.Configuration;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Hosting.Storage;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Performance;

namespace KeypointGrains.Client.Bench;

/// <summary>
/// kg bench infer: a network's forward passes in this process, or with --cluster a campaign's ensemble through the
/// cluster against the bare passes, as key=value lines (progress goes to stderr).
/// </summary>
public sealed class InferBench : FacesBench<InferBenchSettings>
{
    protected override async Task<BenchmarkFigures> MeasureAsync(KgConfiguration config, InferBenchSettings settings, FaceSet faces,
        CancellationToken cancellation)
    {
        var device = config.Resolve(settings.Device, "bench", "device", "auto");
        if (settings.Cluster) return await ClusterBenchmarkAsync(config, settings, faces, device, cancellation);
        var model = config.Resolve(settings.Network, "bench", "network", "cnn-large");
        return TrainBench.WithMemoryTuning(ModelBenchmark.Run(model, faces, epochs: 0, device, line => Console.Error.WriteLine(line)));
    }

    private static async Task<BenchmarkFigures> ClusterBenchmarkAsync(KgConfiguration config, InferBenchSettings settings, FaceSet faces,
        string device, CancellationToken cancellation)
    {
        var campaignId = ClusterAccess.CampaignOrLast(settings.Campaign);
        var precision = config.Resolve(settings.Precision, "bench", "precision");
        var clusterSettings = ClusterSettings.From(config.Settings);
        await using var cluster = await ClusterAccess.OpenAsync(config, settings.Connect, settings.Device, cancellation,
            hosted => hosted.Serving.Precision = precision ?? hosted.Serving.Precision);
        var campaigns = cluster.Campaigns();
        var manifest = await campaigns.GetManifest(campaignId);
        // Scoring served against fp32 answers is what a precision is chosen by: only when one is named.
        var validation = precision is null ? null : await HeldOutFacesAsync(campaigns, manifest, settings.Data);
        return await ClusterInferenceBenchmark.RunAsync(cluster.Client, manifest, CheckpointStores.Create(clusterSettings),
            EnsemblePredictor.ToBatch(faces), new InferenceBenchmarkOptions
            {
                Device = device,
                Precision = precision ?? clusterSettings.Serving.Precision,
                FacesPerPass = clusterSettings.Serving.MaxBatchFaces,
            }, validation);
    }

    /// <summary>The complete faces of the campaign's split that none of the members scored on them trained on (every fold's).</summary>
    private static async Task<IReadOnlyList<(EnsembleManifest Members, FaceSet Faces)>> HeldOutFacesAsync(CampaignClient campaigns,
        EnsembleManifest manifest, string? data)
    {
        var plan = await campaigns.GetPlan(manifest.CampaignId);
        return HeldOutFaces.Of(plan, manifest, KaggleCsvReader.ReadTraining(data ?? plan.DataPath));
    }
}
