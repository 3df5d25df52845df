using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Specs;
using KeypointGrains.Specs.Collections;

namespace KeypointGrains.Grains.Coordination;

/// <summary>
/// A plan as coordinators stored it before plans held model specs: the data, split and checkpoint policy once for the
/// whole plan, each model's own fields loose. Only read, from older coordinator state, and turned into today's plan.
/// </summary>
[GenerateSerializer, Immutable, Alias("kg.CampaignPlan")]
public sealed record StoredCampaignPlan(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] string DataPath,
    [property: Id(2)] IReadOnlyList<StoredModelPlan> Models)
{
    [Id(3)] public int SplitSeed { get; init; } = 42;
    [Id(4)] public double ValidationFraction { get; init; } = 0.2;
    [Id(5)] public CheckpointPolicy Checkpoints { get; init; } = new();
    [Id(6)] public int Folds { get; init; } = 1;
    [Id(7)] public SuccessiveHalving? Halving { get; init; }
    [Id(8)] public int MaxTrainingModels { get; init; }

    public CampaignPlan ToPlan() =>
        new(CampaignId, [.. Models.Select(model => new ModelPlan(model.Name, Spec(model)) { Values = model.Values })])
        {
            Halving = Halving,
            MaxTrainingModels = MaxTrainingModels,
        };

    private ModelSpec Spec(StoredModelPlan model) =>
        new(DataPath, model.Columns, model.Recipe)
        {
            Split = new SplitSpec { Seed = SplitSeed, ValidationFraction = ValidationFraction, Folds = Folds, Fold = model.Fold },
            StartsFrom = model.StartsFrom,
            Checkpoints = Checkpoints,
        };
}

/// <summary>A model of a <see cref="StoredCampaignPlan"/>.</summary>
[GenerateSerializer, Immutable, Alias("kg.ModelPlan")]
public sealed record StoredModelPlan(
    [property: Id(0)] string Name,
    [property: Id(1)] IReadOnlyList<int> Columns,
    [property: Id(3)] TrainingRecipe Recipe)
{
    [Id(2)] public string? StartsFrom { get; init; }
    [Id(4)] public int Fold { get; init; }
    [Id(5)] public IReadOnlyList<string> Values { get; init; } = [];
}
