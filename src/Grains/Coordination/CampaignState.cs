using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Inference;

namespace KeypointGrains.Grains.Coordination;

/// <summary>The coordinator's durable state: the plan, each model's progress and the newest ensemble manifest.</summary>
[GenerateSerializer, Alias("kg.CampaignState")]
public sealed class CampaignState
{
    [Id(0)] public CampaignPlan? Plan { get; set; }
    [Id(1)] public CampaignPhase Phase { get; set; }
    [Id(2)] public Dictionary<string, ModelProgress> Models { get; set; } = [];
    [Id(3)] public EnsembleManifest? Manifest { get; set; }
}
