using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Specs;

namespace KeypointGrains.Contracts.Training;

/// <summary>What one training grain trains: a model of a campaign, its name and spec.</summary>
[GenerateSerializer, Immutable, Alias("kg.TrainingAssignment")]
public sealed record TrainingAssignment(
    [property: Id(0)] string CampaignId,
    [property: Id(9)] ModelPlan Model)
{
    /// <summary>
    /// The best model of <see cref="ModelSpec.StartsFrom"/> that a fresh run starts from; null = from scratch. A resumed
    /// run ignores it: its checkpoint holds weights trained further.
    /// </summary>
    [Id(4)] public CheckpointReference? InitialWeights { get; init; }

    public ModelSpec Spec => Model.Spec;

    public TrainingRecipe Recipe => Spec.Recipe;

    /// <summary>The key of the training grain for this model: one grain per (campaign, model).</summary>
    public string GrainKey => TrainingGrainKey(CampaignId, Model.Name);

    public static TrainingAssignment For(CampaignPlan plan, ModelPlan model, CheckpointReference? initialWeights = null) =>
        new(plan.CampaignId, model) { InitialWeights = initialWeights };

    public static string TrainingGrainKey(string campaignId, string model) => $"{campaignId}/{model}";
}
