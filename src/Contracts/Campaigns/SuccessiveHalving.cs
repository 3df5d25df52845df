namespace KeypointGrains.Contracts.Campaigns;

/// <summary>
/// A recipe search's stopping policy over all of a campaign's models (its trials), beside each one's patience:
/// asynchronous successive halving. At each rung (<see cref="MinEpochs"/> × <see cref="Reduction"/>^k epochs, below the
/// trials' epoch budget) a trial goes on only while its best validation loss is among the best 1/<see cref="Reduction"/>
/// of those that reached the rung before it; a trial that is not is stopped there, freeing its accelerator.
/// </summary>
[GenerateSerializer, Immutable, Alias("kg.SuccessiveHalving")]
public sealed record SuccessiveHalving([property: Id(0)] int MinEpochs, [property: Id(1)] int Reduction);
