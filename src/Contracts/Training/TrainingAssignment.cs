using KeypointGrains.Contracts.Campaigns;

namespace KeypointGrains.Contracts.Training;

/// <summary>What one training grain trains: a model of a campaign, its data and recipe.</summary>
[GenerateSerializer, Immutable, Alias("kg.TrainingAssignment")]
public sealed record TrainingAssignment(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] string DataPath,
    [property: Id(2)] ModelPlan Model,
    [property: Id(3)] TrainingSettings Training)
{
    public static TrainingAssignment For(CampaignPlan plan, ModelPlan model) =>
        new(plan.CampaignId, plan.DataPath, model, plan.Training);

    /// <summary>The key of the training grain for this model: one grain per (campaign, model).</summary>
    public string GrainKey => TrainingGrainKey(CampaignId, Model.Name);

    public static string TrainingGrainKey(string campaignId, string model) => $"{campaignId}/{model}";
}
