namespace KeypointGrains.Contracts.Inference;

/// <summary>
/// What a silo answered for one request: the specialists' predictions, the baseline's when it must fill columns (a
/// specialist failed, or none covers them), the members that could not answer, and the number format of the passes.
/// </summary>
[GenerateSerializer, Immutable, Alias("kg.EnsembleAnswer")]
public sealed record EnsembleAnswer(
    [property: Id(0)] IReadOnlyList<GroupPrediction> Groups,
    [property: Id(1)] IReadOnlyList<GroupFailure> Failures,
    [property: Id(2)] string Precision);
