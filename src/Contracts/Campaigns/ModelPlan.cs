using KeypointGrains.Specs;
using KeypointGrains.Specs.Collections;

namespace KeypointGrains.Contracts.Campaigns;

/// <summary>
/// One model of a campaign: its name in the plan and its <see cref="ModelSpec"/>, everything it trains from. The baseline
/// ("all") predicts all 30 columns, a specialist its group's. Its equality is the compiler's: every field.
/// </summary>
/// <remarks>Alias ".2": the layout before specs (its fields loose in the plan) reads as <c>StoredModelPlan</c>.</remarks>
[GenerateSerializer, Immutable, Alias("kg.ModelPlan.2")]
public sealed record ModelPlan(
    [property: Id(0)] string Name,
    [property: Id(1)] ModelSpec Spec)
{
    public const string BaselineName = "all";

    /// <summary>A search's trial: the values it gives the searched parameters ("lr=2.0e-4"), to show beside its results.</summary>
    [Id(2)] public IReadOnlyList<string> Values { get; init => field = EquatableArray.Of(value); } = EquatableArray<string>.Empty;

    public IReadOnlyList<int> Columns => Spec.Columns;

    public TrainingRecipe Recipe => Spec.Recipe;

    /// <summary>
    /// The model of the same plan whose best weights this one starts from, so it waits until that one has finished; null =
    /// from scratch, at once. If that one fails, this one is skipped.
    /// </summary>
    public string? StartsFrom => Spec.StartsFrom;

    /// <summary>In a k-fold campaign, the fold (1 to K) this copy of its group holds out, its name "group@fold"; 0 = one grouped split.</summary>
    public int Fold => Spec.Split.Fold;

    /// <summary>The keypoint group it predicts: the baseline ("all") or a specialist, whatever its fold.</summary>
    public string Group => GroupOf(Name);

    public bool IsBaseline => Group == BaselineName;

    /// <summary>The name of <paramref name="group"/>'s copy for <paramref name="fold"/> (0: the group itself).</summary>
    public static string NameOf(string group, int fold) => fold == 0 ? group : $"{group}@{fold}";

    /// <summary>The group a model's name (<see cref="NameOf"/>) stands for.</summary>
    public static string GroupOf(string model) => model.Split('@')[0];
}
