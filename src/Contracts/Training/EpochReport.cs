namespace KeypointGrains.Contracts.Training;

/// <summary>
/// One finished epoch of one model, as its training run reports it. Losses are the trainer's (MSE on scaled targets);
/// <see cref="Checkpoint"/> is the resumable checkpoint written after this epoch, if any.
/// </summary>
[GenerateSerializer, Immutable, Alias("kg.EpochReport")]
public sealed record EpochReport(
    [property: Id(0)] string Model,
    [property: Id(1)] int Epoch,
    [property: Id(2)] double TrainLoss,
    [property: Id(3)] double ValidationLoss,
    [property: Id(4)] double ValidationRmsePixels,
    [property: Id(5)] double Seconds,
    [property: Id(6)] double ImagesPerSecond,
    [property: Id(7)] string Silo,
    [property: Id(8)] string Device,
    [property: Id(9)] CheckpointReference? Checkpoint)
{
    /// <summary>The trainer's best epoch so far, this one included.</summary>
    [Id(10)] public int BestEpoch { get; init; }
}
