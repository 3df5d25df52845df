using System.Collections.Concurrent;
using System.Diagnostics;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.ClusterClient.Inference;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Inference;

namespace KeypointGrains.Silo.Web.Inference;

/// <summary>
/// The models the front door serves: a model is a campaign, a version one of its ensemble manifests (the newest: the
/// coordinator keeps no older one). Predictions take the cluster's own serving path, the one CampaignClient.PredictAsync
/// takes: serving grain, batching across clients, fused ensemble, fold average and merge, with retries on other silos.
/// </summary>
public sealed class ServedModels(IGrainFactory grains, FrontDoorSettings limits)
{
    // A manifest read from its coordinator serves the requests of the next second: a new version shows within a second,
    // and a request does not pay a coordinator call.
    private static readonly TimeSpan ManifestLifetime = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, (EnsembleManifest Manifest, long ReadAt)> manifests = new();
    private readonly CampaignClient campaigns = new(grains)
    {
        RequestTimeout = limits.RequestTimeout,
        AttemptTimeout = limits.RequestTimeout < TimeSpan.FromSeconds(10) ? limits.RequestTimeout : TimeSpan.FromSeconds(10),
    };

    public FrontDoorSettings Limits => limits;

    /// <summary>
    /// Whether the host takes inference requests: set once it has started (kg serve: once its campaign is loaded), cleared
    /// as it stops, so that a load balancer's readiness probe sends no new requests to a host that drains.
    /// </summary>
    public bool Accepting { get; set; }

    /// <summary>The manifest that serves <paramref name="model"/> at <paramref name="version"/> (null or empty: the newest).</summary>
    public async Task<EnsembleManifest> Resolve(string model, string? version)
    {
        if (CampaignIds.Problem(model) is { } problem) throw new InferenceError(InferenceFault.NotFound, $"No model '{model}': {problem}");
        EnsembleManifest? manifest;
        if (manifests.TryGetValue(model, out var cached) && Stopwatch.GetElapsedTime(cached.ReadAt) < ManifestLifetime)
            manifest = cached.Manifest;
        else
        {
            var coordinator = grains.GetGrain<ICampaignCoordinatorGrain>(model);
            try
            {
                manifest = await coordinator.GetManifest().WaitAsync(campaigns.AttemptTimeout);
            }
            catch (Exception error) when (CampaignClient.IsSiloLoss(error) && cached.Manifest is not null)
            {
                // The coordinator's silo died: the manifest read last serves while the coordinator moves to a live silo.
                return Versioned(model, version, cached.Manifest);
            }
            if (manifest is null)
                throw await coordinator.GetPlan() is null
                    ? new InferenceError(InferenceFault.NotFound, $"No model '{model}': no campaign of that id was started on this cluster.")
                    : new InferenceError(InferenceFault.Unavailable, $"Model '{model}' has no trained member yet: its campaign is still training its first model.");
            manifests[model] = (manifest, Stopwatch.GetTimestamp());
        }
        return Versioned(model, version, manifest);
    }

    private static EnsembleManifest Versioned(string model, string? version, EnsembleManifest manifest) =>
        string.IsNullOrEmpty(version) || version == VersionOf(manifest)
            ? manifest
            : throw new InferenceError(InferenceFault.NotFound,
                $"Model '{model}' has no version '{version}': it serves version {VersionOf(manifest)}, its newest ensemble.");

    /// <summary>The ensemble's 30 coordinates for every face (the callers report failures as the protocol says).</summary>
    public Task<EnsemblePrediction> Predict(EnsembleManifest manifest, FaceBatch faces) =>
        Accepting
            ? campaigns.PredictAsync(manifest, faces)
            : throw new InferenceError(InferenceFault.Unavailable, "The server is not ready: it is starting or stopping.");

    public static string VersionOf(EnsembleManifest manifest) => manifest.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
