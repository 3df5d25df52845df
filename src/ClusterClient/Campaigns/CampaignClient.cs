using System.Diagnostics;
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
    private const int ServingKeys = 64;
    private int calls;

    /// <summary>How long a prediction may take in all, attempts on other silos included.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one attempt may go unanswered before it is made again on another silo (its own may have died).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

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

    /// <summary>A search's rungs, lowest first, with each trial's loss recorded there.</summary>
    public Task<IReadOnlyList<RungRecord>> GetRungs(string campaignId) => Coordinator(campaignId).GetRungs();

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
    /// Predicts with <paramref name="manifest"/>'s ensemble in one call: a silo runs its specialists (every fold copy of
    /// them in a k-fold campaign) as one fused pass, shared with other clients' faces, and answers for all; the client
    /// averages each group's fold copies and merges the groups into 30 columns. A group none of whose copies the silo
    /// could serve is replaced by the baseline and named as degraded. A call whose silo fails or goes silent is made
    /// again, through another gateway, until <see cref="RequestTimeout"/>.
    /// </summary>
    public async Task<EnsemblePrediction> PredictAsync(EnsembleManifest manifest, FaceBatch faces)
    {
        int count = faces.Count;
        using var span = PredictionSpan.Start(manifest, count);
        var (answer, attempts) = await Serve(manifest, faces, span);
        foreach (var failure in answer.Failures) span.SpecialistFailed(failure.Model, failure.Error);
        var prediction = PredictionMerger.Merge(count, manifest, answer.Groups, answer.Failures) with { Precision = answer.Precision, Attempts = attempts };
        span.Succeeded(prediction.DegradedGroups);
        return prediction;
    }

    private async Task<(EnsembleAnswer Answer, int Attempts)> Serve(EnsembleManifest manifest, FaceBatch faces, PredictionSpan span)
    {
        var clock = Stopwatch.StartNew();
        for (int attempt = 1; ; attempt++)
        {
            // A client sends all calls to one grain through one gateway: keys taken in turn spread them over the gateways.
            var serving = grains.GetGrain<IEnsembleServingGrain>($"{manifest.CampaignId}/{(uint)Interlocked.Increment(ref calls) % ServingKeys}");
            var left = RequestTimeout - clock.Elapsed;
            try
            {
                return (await serving.Predict(manifest, faces).WaitAsync(left < AttemptTimeout ? left : AttemptTimeout), attempt);
            }
            catch (Exception error) when (IsSiloLoss(error) && clock.Elapsed < RequestTimeout)
            {
                span.Retried(error);
                // A gateway the client has not yet given up on refuses at once: pause a little between attempts.
                var pause = TimeSpan.FromMilliseconds(20 * attempt);
                if (clock.Elapsed + pause < RequestTimeout) await Task.Delay(pause);
            }
        }
    }

    /// <summary>What a call whose silo died (or whose gateway did) ends with; the grain's own errors are not retried.</summary>
    public static bool IsSiloLoss(Exception error) =>
        error is TimeoutException or SiloUnavailableException or Orleans.Runtime.Messaging.ConnectionFailedException or OrleansMessageRejectionException;

    private static bool SameProgress(CampaignStatus a, CampaignStatus b) =>
        a.Phase == b.Phase && a.ManifestVersion == b.ManifestVersion &&
        a.Models.Zip(b.Models).All(p => p.First.Phase == p.Second.Phase && p.First.Epoch == p.Second.Epoch && p.First.Silo == p.Second.Silo);

    private ICampaignCoordinatorGrain Coordinator(string campaignId) => grains.GetGrain<ICampaignCoordinatorGrain>(campaignId);
}
