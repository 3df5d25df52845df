using KeypointGrains.Specs.Collections;

namespace KeypointGrains.Specs;

/// <summary>
/// Everything one model trains from, the one description of a model: its data (a Kaggle training file, read at
/// <see cref="DataPath"/> wherever it trains), how that is split, the columns it predicts (indices into the 30 Kaggle
/// columns in schema order), its recipe, the model whose best weights it starts from and how often its run stores a
/// checkpoint. A campaign hands each training grain one (<c>CampaignPlan.Spec</c>), and <c>kg train</c> builds one; the
/// domain makes its rows (<c>ModelRows</c>) and trains it (<c>ModelRun</c>). Its equality is the compiler's.
/// </summary>
[GenerateSerializer, Immutable, Alias("kg.ModelSpec")]
public sealed record ModelSpec(
    [property: Id(0)] string DataPath,
    IReadOnlyList<int> Columns,
    [property: Id(2)] TrainingRecipe Recipe)
{
    [Id(1)] public IReadOnlyList<int> Columns { get; init => field = EquatableArray.Of(value); } = EquatableArray.Of(Columns);

    [Id(3)] public SplitSpec Split { get; init; } = new();

    /// <summary>The model whose best weights a fresh run starts from (the seed's specialists start from the baseline); null = from scratch.</summary>
    [Id(4)] public string? StartsFrom { get; init; }

    [Id(5)] public CheckpointPolicy Checkpoints { get; init; } = new();
}
