using KeypointGrains.Client.Configuration;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.ClusterClient.Inference;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;
using Spectre.Console;

namespace KeypointGrains.Client.Commands;

/// <summary>
/// The 30 coordinates for a face set: from a local model (--run), or from a campaign's ensemble through the cluster
/// (--campaign): a silo runs the specialists as one fused pass and the client merges their answers, the baseline filling
/// any group that failed.
/// </summary>
public static class EnsemblePredictor
{
    public static async Task<float[]> PredictAsync(KgConfiguration config, ModelDataSettings settings, string section, FaceSet faces,
        CancellationToken cancellation)
    {
        if (settings.Campaign is null)
        {
            using var model = ModelLoader.Load(settings.Run, config.Resolve(settings.Device, section, "device", "auto"));
            return FullFacePredictor.Predict(model, faces);
        }
        await using var cluster = await ClusterAccess.OpenAsync(config, config.Resolve(settings.Cluster, section, "cluster", false), settings.Device, cancellation);
        // A whole file goes in chunks: each grain call stays far below Orleans' response timeout on a busy silo.
        const int chunk = 64;
        var campaigns = new CampaignClient(cluster.Client) { RequestTimeout = TimeSpan.FromMinutes(2), AttemptTimeout = TimeSpan.FromMinutes(1) };
        var manifest = await campaigns.GetManifest(settings.Campaign);
        var coordinates = new float[faces.Count * EnsemblePrediction.ColumnsPerFace];
        var degraded = new SortedSet<string>();
        for (int start = 0; start < faces.Count; start += chunk)
        {
            var rows = Enumerable.Range(start, Math.Min(chunk, faces.Count - start)).ToArray();
            var part = await campaigns.PredictAsync(manifest, ToBatch(faces.Select(rows)));
            part.Coordinates.CopyTo(coordinates, start * EnsemblePrediction.ColumnsPerFace);
            degraded.UnionWith(part.DegradedGroups);
        }
        if (degraded.Count > 0)
            AnsiConsole.MarkupLineInterpolated($"[yellow]Degraded:[/] {string.Join(", ", degraded)} came from the baseline model for some faces.");
        AnsiConsole.MarkupLineInterpolated($"Ensemble version {manifest.Version} of campaign {settings.Campaign}.");
        return coordinates;
    }

    /// <summary>Faces travel as their original grey levels, one byte per pixel.</summary>
    public static FaceBatch ToBatch(FaceSet faces) => new(GreyLevels.ToBytes(faces.Pixels));
}
