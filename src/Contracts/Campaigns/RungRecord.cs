namespace KeypointGrains.Contracts.Campaigns;

/// <summary>
/// One rung of a search's successive halving as the coordinator recorded it: the rung's epoch and the best validation
/// loss each trial had when it reached it (<see cref="SuccessiveHalving"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("kg.RungRecord")]
public sealed record RungRecord([property: Id(0)] int Epoch, [property: Id(1)] IReadOnlyDictionary<string, double> Losses);
