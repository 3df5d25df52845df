using KeypointGrains.Client.Configuration;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Photos;

namespace KeypointGrains.Client.Commands;

/// <summary>
/// The models photos are predicted with: a campaign's ensemble through the cluster (--campaign), or one local model of
/// all 30 coordinates (--run); kept open for a whole command.
/// </summary>
public sealed class PhotoModel : IAsyncDisposable
{
    private readonly ClusterConnection? cluster;
    private readonly TrainedModel? model;

    private PhotoModel(CropPredictor predict, string description, ClusterConnection? cluster, TrainedModel? model) =>
        (Predict, Description, this.cluster, this.model) = (predict, description, cluster, model);

    public CropPredictor Predict { get; }

    /// <summary>What predicted: "campaign quick, ensemble version 7" or the run folder.</summary>
    public string Description { get; }

    public static Task<PhotoModel> OpenAsync(KgConfiguration config, ModelDataSettings settings, string section, CancellationToken cancellation) =>
        OpenAsync(config, settings.Campaign, settings.Run, config.Resolve(settings.Cluster, section, "cluster", false), settings.Device, section, cancellation);

    public static async Task<PhotoModel> OpenAsync(KgConfiguration config, string? campaign, string? run, bool connect, string? device,
        string section, CancellationToken cancellation)
    {
        if (campaign is null)
        {
            var local = ModelLoader.Load(run, config.Resolve(device, section, "device", "auto"));
            if (local.Columns.Count != KeypointSchema.ColumnCount)
            {
                local.Dispose();
                throw new UsageException($"{run} predicts {local.Columns.Count} of the 30 columns; photos need a whole-face model or --campaign.");
            }
            return new PhotoModel((faces, _) => Task.FromResult(new CropKeypoints(local.Predict(GreyLevels.ToUnit(faces), faces.Length / FaceBatch.BytesPerFace), false)),
                $"run {run}", null, local);
        }
        var connection = await ClusterAccess.OpenAsync(config, connect, device, cancellation);
        try
        {
            return Through(connection.Client, await new CampaignClient(connection.Client).GetManifest(campaign), connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A campaign's ensemble through the cluster; <paramref name="owned"/> is closed with it.</summary>
    public static PhotoModel Through(IClusterClient client, EnsembleManifest manifest, ClusterConnection? owned = null)
    {
        // As kg predict --data: calls of many faces stay within the timeouts on a busy silo.
        var campaigns = new CampaignClient(client) { RequestTimeout = TimeSpan.FromMinutes(2), AttemptTimeout = TimeSpan.FromMinutes(1) };
        return new PhotoModel(async (faces, _) =>
        {
            var answer = await campaigns.PredictAsync(manifest, new FaceBatch(faces));
            return new CropKeypoints(answer.Coordinates, answer.Degraded);
        }, $"campaign {manifest.CampaignId}, ensemble version {manifest.Version}", owned, null);
    }

    public async ValueTask DisposeAsync()
    {
        model?.Dispose();
        if (cluster is not null) await cluster.DisposeAsync();
    }
}
