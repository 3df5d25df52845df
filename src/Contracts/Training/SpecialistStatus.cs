namespace KeypointGrains.Contracts.Training;

/// <summary>What a training grain knows about its own run (from its grain storage).</summary>
[GenerateSerializer, Immutable, Alias("kg.SpecialistStatus")]
public sealed record SpecialistStatus(
    [property: Id(0)] string Model,
    [property: Id(1)] TrainingPhase Phase,
    [property: Id(2)] int Epoch,
    [property: Id(3)] CheckpointReference? LatestCheckpoint,
    [property: Id(4)] ModelCompletion? Completion,
    [property: Id(5)] string? Error,
    [property: Id(6)] string Silo,
    [property: Id(7)] string Device,
    [property: Id(8)] int Resumes)
{
    /// <summary>The weights its run started from (another model's best), or null when it started from scratch.</summary>
    [Id(9)] public CheckpointReference? InitialWeights { get; init; }
}
