using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Specs;

namespace KeypointGrains.Contracts.Training;

/// <summary>What one training grain trains: a model of a campaign, its data, split and recipe.</summary>
[GenerateSerializer, Immutable, Alias("kg.TrainingAssignment")]
public sealed record TrainingAssignment(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] string DataPath,
    [property: Id(2)] ModelPlan Model,
    [property: Id(3)] int SplitSeed,
    [property: Id(5)] double ValidationFraction,
    [property: Id(6)] CheckpointPolicy Checkpoints)
{
    /// <summary>
    /// The best model of <see cref="ModelPlan.StartsFrom"/> that a fresh run starts from; null = from scratch. A resumed
    /// run ignores it: its checkpoint holds weights trained further.
    /// </summary>
    [Id(4)] public CheckpointReference? InitialWeights { get; init; }

    /// <summary>The plan's <see cref="CampaignPlan.Folds"/>: with two or more, the model's fold is its validation side.</summary>
    [Id(7)] public int Folds { get; init; } = 1;

    public TrainingRecipe Recipe => Model.Recipe;

    public static TrainingAssignment For(CampaignPlan plan, ModelPlan model, CheckpointReference? initialWeights = null) =>
        new(plan.CampaignId, plan.DataPath, model, plan.SplitSeed, plan.ValidationFraction, plan.Checkpoints)
        {
            InitialWeights = initialWeights,
            Folds = plan.Folds,
        };

    /// <summary>The key of the training grain for this model: one grain per (campaign, model).</summary>
    public string GrainKey => TrainingGrainKey(CampaignId, Model.Name);

    public static string TrainingGrainKey(string campaignId, string model) => $"{campaignId}/{model}";
}
