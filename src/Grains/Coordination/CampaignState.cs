using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Scheduling;

namespace KeypointGrains.Grains.Coordination;

/// <summary>
/// The coordinator's durable state: the plan, how each model stands and the newest ensemble manifest. Small and
/// written only when a model starts or ends: the learning curves belong to the training grains.
/// </summary>
[GenerateSerializer, Alias("kg.CampaignState")]
public sealed class CampaignState
{
    [Id(5)] public CampaignPlan? Plan { get; set; }

    /// <summary>The plan as a coordinator stored it before plans held model specs; activation turns it into <see cref="Plan"/>.</summary>
    [Id(0)] public StoredCampaignPlan? PlanBeforeSpecs { get; set; }
    [Id(1)] public CampaignPhase Phase { get; set; }
    [Id(2)] public Dictionary<string, ModelRecord> Models { get; set; } = [];
    [Id(3)] public EnsembleManifest? Manifest { get; set; }

    /// <summary>Successive halving's rungs: per rung epoch, the best validation loss each model had when it reached it.</summary>
    [Id(4)] public Dictionary<int, Dictionary<string, double>> Rungs { get; set; } = [];
}
