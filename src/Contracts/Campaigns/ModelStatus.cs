namespace KeypointGrains.Contracts.Campaigns;

/// <summary>
/// One model's progress as its training grain reports it: its last epoch, its best so far, and where it trains.
/// <see cref="EpochsRepeated"/> counts epochs reported twice because a resumed run went back to an older checkpoint.
/// </summary>
[GenerateSerializer, Immutable, Alias("kg.ModelStatus")]
public sealed record ModelStatus(
    [property: Id(0)] string Model,
    [property: Id(1)] ModelPhase Phase,
    [property: Id(2)] int Epoch,
    [property: Id(3)] double TrainLoss,
    [property: Id(4)] double ValidationLoss,
    [property: Id(5)] double ValidationRmsePixels,
    [property: Id(6)] int BestEpoch,
    [property: Id(7)] double BestValidationLoss,
    [property: Id(8)] double SecondsPerEpoch,
    [property: Id(9)] double ImagesPerSecond,
    [property: Id(10)] string Silo,
    [property: Id(11)] string Device,
    [property: Id(12)] string? Error,
    [property: Id(13)] int EpochsRepeated)
{
    /// <summary>The model this pending one waits for (it starts from that one's best weights), or null.</summary>
    [Id(14)] public string? WaitsFor { get; init; }
}
