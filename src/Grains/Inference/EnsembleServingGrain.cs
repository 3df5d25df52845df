using KeypointGrains.Contracts.Inference;
using KeypointGrains.Contracts.Telemetry;
using KeypointGrains.Keypoints.Evaluation;
using Orleans.Concurrency;

namespace KeypointGrains.Grains.Inference;

/// <summary>
/// Answers for a whole ensemble with the fused model the silo keeps loaded. Reentrant: while a request waits for its
/// pass, the next one joins the queue, which is what lets the batcher put many clients' faces into one pass.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class EnsembleServingGrain(ModelCache models, InferenceBatcher batcher) : Grain, IEnsembleServingGrain
{
    public async Task<EnsembleAnswer> Predict(EnsembleManifest manifest, FaceBatch faces)
    {
        int count = faces.Count;
        using var lease = await models.Get(manifest);
        var ensemble = lease.Ensemble;
        if (ensemble.Model is null) return new EnsembleAnswer([], ensemble.Failures, InferencePrecision.Fp32);
        using var span = KeypointTelemetry.Activities.StartActivity("kg.inference.forward")?
            .SetTag("models", string.Join(",", ensemble.Members.Select(m => m.Model))).SetTag("faces", count);
        var pass = await batcher.Predict(ensemble.Model, faces.Pixels, count);
        span?.SetTag("batch_faces", pass.BatchFaces).SetTag("queue_ms", pass.Queued.TotalMilliseconds);
        var groups = ensemble.Members.Select((member, i) => new GroupPrediction(member.Model, member.Columns, pass.Coordinates[i])).ToArray();
        return new EnsembleAnswer(groups, ensemble.Failures, InferencePrecision.NameOf(ensemble.Model.Precision));
    }
}
