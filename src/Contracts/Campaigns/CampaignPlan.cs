using KeypointGrains.Specs;
using KeypointGrains.Specs.Collections;

namespace KeypointGrains.Contracts.Campaigns;

/// <summary>
/// What a campaign trains: its models (baseline + specialists), each a named <see cref="ModelSpec"/>. The models read one
/// training file (which every silo must be able to read at that path) and share one grouped split of it, so none
/// trains on a face another is scored on: the coordinator refuses a plan whose models differ there. Its equality is the
/// compiler's (every field), which the coordinator's "same plan" check relies on.
/// </summary>
/// <remarks>Alias ".2": the layout before specs reads as <c>StoredCampaignPlan</c>.</remarks>
[GenerateSerializer, Immutable, Alias("kg.CampaignPlan.2")]
public sealed record CampaignPlan(
    [property: Id(0)] string CampaignId,
    IReadOnlyList<ModelPlan> Models)
{
    [Id(1)] public IReadOnlyList<ModelPlan> Models { get; init => field = EquatableArray.Of(value); } = EquatableArray.Of(Models);

    /// <summary>A recipe search's stopping policy over every model (kg tune), or null: each model stops by its patience alone.</summary>
    [Id(2)] public SuccessiveHalving? Halving { get; init; }

    /// <summary>At most this many models train at once (kg tune: a trial waits for a free place); 0 = all at once.</summary>
    [Id(3)] public int MaxTrainingModels { get; init; }

    /// <summary>The training file every model reads.</summary>
    public string DataPath => First.Spec.DataPath;

    /// <summary>
    /// 1: every model holds out the same grouped fraction. K ≥ 2: each group is trained K times, once per fold of a grouped
    /// K-fold split (<see cref="ModelPlan.Fold"/>); the ensemble averages the K copies, and each face's out-of-fold
    /// prediction scores the ensemble honestly.
    /// </summary>
    public int Folds => First.Spec.Split.Folds;

    /// <summary>The split of the data that <paramref name="fold"/>'s models train on (0: the plan's one grouped split).</summary>
    public SplitSpec SplitOf(int fold) => First.Spec.Split with { Fold = fold };

    /// <summary>The plan with <paramref name="change"/> applied to every model's spec.</summary>
    public CampaignPlan WithSpecs(Func<ModelSpec, ModelSpec> change) =>
        this with { Models = [.. Models.Select(m => m with { Spec = change(m.Spec) })] };

    public ModelPlan Model(string name) =>
        Models.FirstOrDefault(m => m.Name == name)
        ?? throw new ArgumentException($"Campaign '{CampaignId}' has no model '{name}'.", nameof(name));

    private ModelPlan First => Models.Count > 0 ? Models[0] : throw new InvalidOperationException($"Campaign '{CampaignId}' has no models.");
}
