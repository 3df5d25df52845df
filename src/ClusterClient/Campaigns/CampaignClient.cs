using System.Runtime.CompilerServices;
using KeypointGrains.ClusterClient.Inference;
using KeypointGrains.ClusterClient.Telemetry;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Contracts.Telemetry;

namespace KeypointGrains.ClusterClient.Campaigns;

/// <summary>What the CLI does with a cluster: start and watch campaigns, and predict through an ensemble.</summary>
public sealed class CampaignClient(IGrainFactory grains)
{
    /// <summary>How long a specialist may take before its keypoints come from the baseline instead.</summary>
    public TimeSpan GroupTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long <see cref="WatchStatus"/> waits out failing status calls before giving up.</summary>
    public TimeSpan OutageTolerance { get; init; } = TimeSpan.FromMinutes(2);

    public Task<CampaignStatus> StartCampaign(CampaignPlan plan) => Coordinator(plan.CampaignId).Start(plan);

    public Task<CampaignStatus> GetStatus(string campaignId) => Coordinator(campaignId).GetStatus();

    public async Task<CampaignPlan> GetPlan(string campaignId) =>
        await Coordinator(campaignId).GetPlan()
        ?? throw new InvalidOperationException($"There is no campaign '{campaignId}' on this cluster.");

    /// <summary>Each model's epochs after <paramref name="afterEpoch"/> (0 = the whole learning curves).</summary>
    public Task<IReadOnlyList<EpochHistory>> GetHistory(string campaignId, int afterEpoch = 0) =>
        Coordinator(campaignId).GetHistory(afterEpoch);

    /// <summary>Trains the campaign's failed models again from their last checkpoints (and the models skipped because of them).</summary>
    public async Task<CampaignStatus> RetryFailed(string campaignId)
    {
        await GetPlan(campaignId);
        return await Coordinator(campaignId).RetryFailed();
    }

    /// <summary>Ends a model's training (every model's when null) after its current epoch, delivering its best weights.</summary>
    public Task<CampaignStatus> RequestStop(string campaignId, string? model = null) => Coordinator(campaignId).RequestStop(model);

    public async Task<EnsembleManifest> GetManifest(string campaignId) =>
        await Coordinator(campaignId).GetManifest()
        ?? throw new InvalidOperationException($"Campaign '{campaignId}' has no trained model yet.");

    /// <summary>
    /// The campaign's status each time it changes (polled every <paramref name="period"/>), until it completes. A silo
    /// that dies makes status calls fail until the cluster notices (the coordinator may have lived there); such failures
    /// are waited out for up to <see cref="OutageTolerance"/>.
    /// </summary>
    public async IAsyncEnumerable<CampaignStatus> WatchStatus(string campaignId, TimeSpan period,
        [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        CampaignStatus? previous = null;
        var failingSince = (DateTime?)null;
        while (true)
        {
            CampaignStatus status;
            try
            {
                status = await GetStatus(campaignId);
                failingSince = null;
            }
            catch (Exception error) when (error is OrleansException or TimeoutException)
            {
                failingSince ??= DateTime.UtcNow;
                if (DateTime.UtcNow - failingSince > OutageTolerance) throw;
                await Task.Delay(period, cancellation);
                continue;
            }
            if (previous is null || !SameProgress(previous, status)) yield return status;
            if (status.Phase == CampaignPhase.Completed) yield break;
            previous = status;
            await Task.Delay(period, cancellation);
        }
    }

    /// <summary>Predicts with the campaign's newest ensemble.</summary>
    public async Task<EnsemblePrediction> PredictAsync(string campaignId, FaceBatch faces)
    {
        using var span = KeypointTelemetry.Activities.StartActivity("kg.predict")?.SetTag("campaign", campaignId);
        return await PredictAsync(await GetManifest(campaignId), faces);
    }

    /// <summary>
    /// Asks every specialist of <paramref name="manifest"/> in parallel and merges their answers into 30 columns; the fold
    /// copies of a group (k-fold campaigns) are averaged. A group none of whose copies answers within
    /// <see cref="GroupTimeout"/> is replaced by the baseline and named as degraded.
    /// </summary>
    public async Task<EnsemblePrediction> PredictAsync(EnsembleManifest manifest, FaceBatch faces)
    {
        int count = faces.Count;
        using var span = PredictionSpan.Start(manifest, count);
        var specialists = manifest.Specialists.ToArray();
        var answers = await Task.WhenAll(specialists.Select(member => Ask(member, faces, span)));
        var outcomes = specialists.Zip(answers)
            .GroupBy(pair => pair.First.Group)
            .Select(group => new GroupOutcome(group.First().First with { Model = group.Key }, FoldAverage.Of(group.Key, group.Select(pair => pair.Second))))
            .ToArray();

        int covered = specialists.SelectMany(s => s.Columns).Distinct().Count();
        bool needBaseline = outcomes.Any(o => o.Answer is null) || covered < EnsemblePrediction.ColumnsPerFace;
        var baselines = needBaseline ? manifest.Members.Where(m => m.Group == ModelPlan.BaselineName).ToArray() : [];
        var baseline = FoldAverage.Of(ModelPlan.BaselineName, await Task.WhenAll(baselines.Select(b => Ask(b, faces, span))));
        var prediction = PredictionMerger.Merge(count, outcomes, baseline, manifest.Version);
        span.Succeeded(prediction.DegradedGroups);
        return prediction;
    }

    private async Task<GroupPrediction?> Ask(EnsembleMember member, FaceBatch faces, PredictionSpan span)
    {
        try
        {
            return await grains.GetGrain<IModelServingGrain>(member.Model).Predict(member, faces).WaitAsync(GroupTimeout);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            span.SpecialistFailed(member.Model, error);
            return null;
        }
    }

    private static bool SameProgress(CampaignStatus a, CampaignStatus b) =>
        a.Phase == b.Phase && a.ManifestVersion == b.ManifestVersion &&
        a.Models.Zip(b.Models).All(p => p.First.Phase == p.Second.Phase && p.First.Epoch == p.Second.Epoch && p.First.Silo == p.Second.Silo);

    private ICampaignCoordinatorGrain Coordinator(string campaignId) => grains.GetGrain<ICampaignCoordinatorGrain>(campaignId);
}
