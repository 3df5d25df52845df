namespace KeypointGrains.Contracts.Inference;

/// <summary>One model's answer for a batch: <see cref="Coordinates"/> holds count x columns pixel coordinates.</summary>
[GenerateSerializer, Immutable, Alias("kg.GroupPrediction")]
public sealed record GroupPrediction(
    [property: Id(0)] string Model,
    [property: Id(1)] IReadOnlyList<int> Columns,
    [property: Id(2)] float[] Coordinates);
