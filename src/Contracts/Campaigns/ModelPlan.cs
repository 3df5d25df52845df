namespace KeypointGrains.Contracts.Campaigns;

/// <summary>
/// One model of a campaign: the baseline (all 30 columns) or a specialist (its group's columns, indices into the 30
/// Kaggle columns in schema order).
/// </summary>
[GenerateSerializer, Immutable, Alias("kg.ModelPlan")]
public sealed record ModelPlan([property: Id(0)] string Name, [property: Id(1)] IReadOnlyList<int> Columns)
{
    public const string BaselineName = "all";

    /// <summary>
    /// The model of the same plan whose best weights this one starts from (the seed's specialists start from the
    /// baseline), so it waits until that one has ended; null = from scratch, at once.
    /// </summary>
    [Id(2)] public string? StartsFrom { get; init; }

    public bool IsBaseline => Name == BaselineName;
}
