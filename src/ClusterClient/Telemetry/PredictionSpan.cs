using System.Diagnostics;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Contracts.Telemetry;

namespace KeypointGrains.ClusterClient.Telemetry;

/// <summary>
/// One ensemble request on the client ("kg.ensemble.predict"): with Orleans activity propagation, the serving grain
/// call (and the silo's forward pass below it) are its children. Records the request metrics; a request that never succeeded counts as an error.
/// </summary>
public sealed class PredictionSpan : IDisposable
{
    private readonly string campaign;
    private readonly int faces;
    private readonly long started = Stopwatch.GetTimestamp();
    private readonly Activity? activity;
    private bool succeeded;

    private PredictionSpan(EnsembleManifest manifest, int faces)
    {
        campaign = manifest.CampaignId;
        this.faces = faces;
        activity = KeypointTelemetry.Activities.StartActivity("kg.ensemble.predict");
        activity?.SetTag("campaign", campaign).SetTag("manifest_version", manifest.Version).SetTag("faces", faces);
    }

    public static PredictionSpan Start(EnsembleManifest manifest, int faces) => new(manifest, faces);

    /// <summary>A specialist the silo could not serve; the baseline stands in for it.</summary>
    public void SpecialistFailed(string model, string error)
    {
        KeypointTelemetry.Metrics.Error(campaign, model);
        activity?.AddEvent(new ActivityEvent("specialist failed",
            tags: new ActivityTagsCollection { ["model"] = model, ["error"] = error }));
    }

    /// <summary>An attempt failed with its silo (or went unanswered) and is made again.</summary>
    public void Retried(Exception error) =>
        activity?.AddEvent(new ActivityEvent("retried", tags: new ActivityTagsCollection { ["error"] = error.GetType().Name }));

    public void Succeeded(IReadOnlyList<string> degradedGroups)
    {
        succeeded = true;
        KeypointTelemetry.Metrics.Request(campaign, faces, degradedGroups.Count > 0, Stopwatch.GetElapsedTime(started));
        if (degradedGroups.Count > 0) activity?.SetTag("degraded", string.Join(",", degradedGroups));
    }

    public void Dispose()
    {
        if (!succeeded)
        {
            KeypointTelemetry.Metrics.Error(campaign, model: null);
            activity?.SetStatus(ActivityStatusCode.Error);
        }
        activity?.Dispose();
    }
}
