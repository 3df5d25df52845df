namespace KeypointGrains.Contracts.Training;

/// <summary>
/// Where a checkpoint lies in the checkpoint store (a blob container and name, or a folder and file name). Weights
/// travel only as these references, never inside grain messages.
/// </summary>
[GenerateSerializer, Immutable, Alias("kg.CheckpointReference")]
public sealed record CheckpointReference(
    [property: Id(0)] string Container,
    [property: Id(1)] string Name,
    [property: Id(2)] int Epoch,
    [property: Id(3)] long Bytes)
{
    public override string ToString() => $"{Container}/{Name}@{Epoch}";
}
