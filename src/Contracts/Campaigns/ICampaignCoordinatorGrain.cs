using KeypointGrains.Contracts.Inference;
using KeypointGrains.Contracts.Training;

namespace KeypointGrains.Contracts.Campaigns;

/// <summary>
/// One per campaign (key: the campaign id). Starts the training grains, runs early stopping over their epoch reports,
/// versions the ensemble manifest and keeps stalled models going.
/// </summary>
public interface ICampaignCoordinatorGrain : IGrainWithStringKey
{
    /// <summary>Starts the campaign; starting it again with the same plan only returns its status.</summary>
    Task<CampaignStatus> Start(CampaignPlan plan);

    Task<CampaignStatus> GetStatus();

    /// <summary>What the campaign trains (data, models, recipe, split), or null when it was never started.</summary>
    Task<CampaignPlan?> GetPlan();

    Task<IReadOnlyList<EpochHistory>> GetHistory();

    /// <summary>The newest manifest, or null before any model has finished.</summary>
    Task<EnsembleManifest?> GetManifest();

    /// <summary>Called by a training grain after each epoch; the answer tells it whether to go on.</summary>
    Task<TrainingDirective> ReportEpoch(EpochReport report);

    Task ReportCompletion(ModelCompletion completion);

    Task ReportFailure(string model, string error);
}
