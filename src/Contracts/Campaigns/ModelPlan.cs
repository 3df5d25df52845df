namespace KeypointGrains.Contracts.Campaigns;

/// <summary>
/// One model of a campaign: the baseline (all 30 columns) or a specialist (its group's columns, indices into the 30
/// Kaggle columns in schema order), and the recipe it trains with.
/// </summary>
[GenerateSerializer, Immutable, Alias("kg.ModelPlan")]
public sealed record ModelPlan(
    [property: Id(0)] string Name,
    [property: Id(1)] IReadOnlyList<int> Columns,
    [property: Id(3)] TrainingRecipe Recipe)
{
    public const string BaselineName = "all";

    /// <summary>
    /// The model of the same plan whose best weights this one starts from (the seed's specialists start from the
    /// baseline), so it waits until that one has finished; null = from scratch, at once. If that one fails, this one is
    /// skipped.
    /// </summary>
    [Id(2)] public string? StartsFrom { get; init; }

    public bool IsBaseline => Name == BaselineName;

    public bool Equals(ModelPlan? other) =>
        other is not null && Name == other.Name && Columns.SequenceEqual(other.Columns) && Recipe == other.Recipe &&
        StartsFrom == other.StartsFrom;

    public override int GetHashCode() => HashCode.Combine(Name, Columns.Count, Recipe, StartsFrom);
}
