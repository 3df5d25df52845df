namespace KeypointGrains.Contracts.Inference;

/// <summary>An ensemble member the silo could not serve (its weights did not load, or predict other columns), and why.</summary>
[GenerateSerializer, Immutable, Alias("kg.GroupFailure")]
public sealed record GroupFailure(
    [property: Id(0)] string Model,
    [property: Id(1)] string Error);
