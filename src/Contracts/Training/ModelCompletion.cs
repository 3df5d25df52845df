namespace KeypointGrains.Contracts.Training;

/// <summary>
/// A model that finished training: its best weights exported for inference, and why it ended
/// (<see cref="EarlyStopped"/> or the epoch limit).
/// </summary>
[GenerateSerializer, Immutable, Alias("kg.ModelCompletion")]
public sealed record ModelCompletion(
    [property: Id(0)] string Model,
    [property: Id(1)] string Network,
    [property: Id(2)] IReadOnlyList<int> Columns,
    [property: Id(3)] CheckpointReference BestModel,
    [property: Id(4)] int BestEpoch,
    [property: Id(5)] double BestValidationLoss,
    [property: Id(6)] int Epochs,
    [property: Id(7)] bool EarlyStopped);
