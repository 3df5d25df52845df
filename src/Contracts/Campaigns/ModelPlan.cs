using KeypointGrains.Specs;
using KeypointGrains.Specs.Collections;

namespace KeypointGrains.Contracts.Campaigns;

/// <summary>
/// One model of a campaign: the baseline (all 30 columns) or a specialist (its group's columns, indices into the 30
/// Kaggle columns in schema order), and the recipe it trains with. Its equality is the compiler's: every field.
/// </summary>
[GenerateSerializer, Immutable, Alias("kg.ModelPlan")]
public sealed record ModelPlan(
    [property: Id(0)] string Name,
    IReadOnlyList<int> Columns,
    [property: Id(3)] TrainingRecipe Recipe)
{
    public const string BaselineName = "all";

    [Id(1)] public IReadOnlyList<int> Columns { get; init => field = EquatableArray.Of(value); } = EquatableArray.Of(Columns);

    /// <summary>
    /// The model of the same plan whose best weights this one starts from (the seed's specialists start from the
    /// baseline), so it waits until that one has finished; null = from scratch, at once. If that one fails, this one is
    /// skipped.
    /// </summary>
    [Id(2)] public string? StartsFrom { get; init; }

    /// <summary>
    /// In a k-fold campaign (<see cref="CampaignPlan.Folds"/>), the fold (1 to K) this copy of its group holds out; its
    /// name is then "group@fold". 0 = the plan's one grouped split.
    /// </summary>
    [Id(4)] public int Fold { get; init; }

    /// <summary>A search's trial: the values it gives the searched parameters ("lr=2.0e-4"), to show beside its results.</summary>
    [Id(5)] public IReadOnlyList<string> Values { get; init => field = EquatableArray.Of(value); } = EquatableArray<string>.Empty;

    /// <summary>The keypoint group it predicts: the baseline ("all") or a specialist, whatever its fold.</summary>
    public string Group => GroupOf(Name);

    public bool IsBaseline => Group == BaselineName;

    /// <summary>The name of <paramref name="group"/>'s copy for <paramref name="fold"/> (0: the group itself).</summary>
    public static string NameOf(string group, int fold) => fold == 0 ? group : $"{group}@{fold}";

    /// <summary>The group a model's name (<see cref="NameOf"/>) stands for.</summary>
    public static string GroupOf(string model) => model.Split('@')[0];
}
