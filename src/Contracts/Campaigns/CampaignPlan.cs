using KeypointGrains.Specs;
using KeypointGrains.Specs.Collections;

namespace KeypointGrains.Contracts.Campaigns;

/// <summary>
/// What a campaign trains: its models (baseline + specialists), each with its recipe, on the training file at
/// <see cref="DataPath"/>, which every silo must be able to read at that path. Every model shares one grouped split of
/// the file (<see cref="SplitSeed"/>, <see cref="ValidationFraction"/>), so none trains on a face another is scored on.
/// Its equality is the compiler's (every field), which the coordinator's "same plan" check relies on.
/// </summary>
[GenerateSerializer, Immutable, Alias("kg.CampaignPlan")]
public sealed record CampaignPlan(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] string DataPath,
    IReadOnlyList<ModelPlan> Models)
{
    [Id(2)] public IReadOnlyList<ModelPlan> Models { get; init => field = EquatableArray.Of(value); } = EquatableArray.Of(Models);

    [Id(3)] public int SplitSeed { get; init; } = 42;
    [Id(4)] public double ValidationFraction { get; init; } = 0.2;
    [Id(5)] public CheckpointPolicy Checkpoints { get; init; } = new();

    /// <summary>
    /// 1: every model holds out the same grouped <see cref="ValidationFraction"/>. K ≥ 2: each group is trained K times,
    /// once per fold of a grouped K-fold split (<see cref="ModelPlan.Fold"/>); the ensemble averages the K copies, and
    /// each face's out-of-fold prediction scores the ensemble honestly.
    /// </summary>
    [Id(6)] public int Folds { get; init; } = 1;

    /// <summary>A recipe search's stopping policy over every model (kg tune), or null: each model stops by its patience alone.</summary>
    [Id(7)] public SuccessiveHalving? Halving { get; init; }

    /// <summary>At most this many models train at once (kg tune: a trial waits for a free place); 0 = all at once.</summary>
    [Id(8)] public int MaxTrainingModels { get; init; }

    /// <summary>The split of the data that <paramref name="fold"/>'s models train on (0: the plan's one grouped split).</summary>
    public SplitSpec SplitOf(int fold) => new() { Seed = SplitSeed, ValidationFraction = ValidationFraction, Folds = Folds, Fold = fold };

    /// <summary>What <paramref name="model"/> trains from: the one place a plan's model becomes a <see cref="ModelSpec"/>.</summary>
    public ModelSpec Spec(ModelPlan model) =>
        new(DataPath, model.Columns, model.Recipe) { Split = SplitOf(model.Fold), StartsFrom = model.StartsFrom, Checkpoints = Checkpoints };

    public ModelPlan Model(string name) =>
        Models.FirstOrDefault(m => m.Name == name)
        ?? throw new ArgumentException($"Campaign '{CampaignId}' has no model '{name}'.", nameof(name));
}
