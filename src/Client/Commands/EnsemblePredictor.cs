using KeypointGrains.Client.Configuration;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;
using Spectre.Console;

namespace KeypointGrains.Client.Commands;

/// <summary>
/// The 30 coordinates for a face set: from a local model (--model), or from a campaign's ensemble through the cluster
/// (--campaign): the six specialists answer in parallel and the client merges them, the baseline filling any group
/// that failed.
/// </summary>
public static class EnsemblePredictor
{
    public static async Task<float[]> PredictAsync(KgConfiguration config, ModelDataSettings settings, string section, FaceSet faces,
        CancellationToken cancellation)
    {
        if (settings.Campaign is null)
        {
            using var model = ModelLoader.Load(settings.Model, config.Resolve(settings.Device, section, "device", "auto"));
            return FullFacePredictor.Predict(model, faces);
        }
        await using var cluster = await ClusterAccess.OpenAsync(config, config.Resolve(settings.Cluster, section, "cluster", false), cancellation);
        var prediction = await cluster.Campaigns().PredictAsync(settings.Campaign, ToBatch(faces));
        if (prediction.Degraded)
            AnsiConsole.MarkupLineInterpolated(
                $"[yellow]Degraded:[/] {string.Join(", ", prediction.DegradedGroups)} came from the baseline model.");
        AnsiConsole.MarkupLineInterpolated($"Ensemble version {prediction.ManifestVersion} of campaign {settings.Campaign}.");
        return prediction.Coordinates;
    }

    /// <summary>Faces travel as their original grey levels, one byte per pixel.</summary>
    public static FaceBatch ToBatch(FaceSet faces)
    {
        var bytes = new byte[faces.Pixels.Length];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)MathF.Round(faces.Pixels[i] * 255f);
        return new FaceBatch(bytes);
    }
}
