using KeypointGrains.Contracts.Inference;
using KeypointGrains.Contracts.Training;
using Orleans.Concurrency;

namespace KeypointGrains.Contracts.Campaigns;

/// <summary>
/// One per campaign (key: the campaign id). Starts the training grains (a model that starts from another one waits for
/// it), runs early stopping, records how each model ended, versions the ensemble manifest and keeps stalled models going. Progress and
/// learning curves are read from the training grains, which own them.
/// </summary>
public interface ICampaignCoordinatorGrain : IGrainWithStringKey
{
    /// <summary>Starts the campaign; starting it again with the same plan only returns its status.</summary>
    Task<CampaignStatus> Start(CampaignPlan plan);

    Task<CampaignStatus> GetStatus();

    /// <summary>What the campaign trains (data, models, recipes, split), or null when it was never started.</summary>
    Task<CampaignPlan?> GetPlan();

    /// <summary>Each model's epochs after <paramref name="afterEpoch"/> (0 = the whole curves).</summary>
    Task<IReadOnlyList<EpochHistory>> GetHistory(int afterEpoch);

    /// <summary>A search's rungs, lowest first, with each trial's loss recorded there (none for a campaign without halving).</summary>
    Task<IReadOnlyList<RungRecord>> GetRungs();

    /// <summary>The newest manifest, or null before any model has finished.</summary>
    Task<EnsembleManifest?> GetManifest();

    /// <summary>Failed models train again from their last checkpoints, and skipped ones start when their source is ready.</summary>
    Task<CampaignStatus> RetryFailed();

    /// <summary>
    /// Keeps a training campaign going: starts its watchdog and pokes its unfinished models now, which resumes those whose
    /// silo is gone. Silos call it when they start and when they see another silo die; a completed campaign only tells
    /// the registry so. False when some training grain could not be reached (its silo's death is not known everywhere yet).
    /// </summary>
    Task<bool> Resume();

    /// <summary>Asks the named model (every training one when null) to end after its current epoch, keeping its best weights.</summary>
    Task<CampaignStatus> RequestStop(string? model);

    /// <summary>
    /// A training grain reports that its model ended (finished, early-stopped or failed). One-way, so that it never waits
    /// on a coordinator that may be calling it; a lost message is made up for by the next status or watchdog poke.
    /// </summary>
    [OneWay]
    Task ModelEnded(TrainingStatus status);

    /// <summary>
    /// A training grain reports an epoch: the coordinator's stopping policies (the recipe's patience, and a search's
    /// successive halving) may stop the model, which then ends after the epoch it is training, with its best weights.
    /// One-way, as <see cref="ModelEnded"/>; a lost report is made up for by the next one.
    /// </summary>
    [OneWay]
    Task EpochEnded(string model, int epoch, int bestEpoch, double bestValidationLoss);
}
