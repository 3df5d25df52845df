namespace KeypointGrains.Specs;

/// <summary>
/// How a model's data file is split into training and validation faces: by person (near-duplicate frames stay on one
/// side) in a seeded order. With <see cref="Folds"/> ≥ 2, fold <see cref="Fold"/> (1 to Folds) of a grouped K-fold split
/// is the validation side; otherwise <see cref="ValidationFraction"/> of the faces. Models with equal splits of one file
/// hold out the same people.
/// </summary>
[GenerateSerializer, Immutable, Alias("kg.SplitSpec")]
public sealed record SplitSpec
{
    [Id(0)] public int Seed { get; init; } = 42;
    [Id(1)] public double ValidationFraction { get; init; } = 0.2;
    [Id(2)] public int Folds { get; init; } = 1;
    [Id(3)] public int Fold { get; init; }
}
