using KeypointGrains.Contracts.Training;

namespace KeypointGrains.Contracts.Campaigns;

/// <summary>Every epoch report the coordinator received for one model, in epoch order (learning curves).</summary>
[GenerateSerializer, Immutable, Alias("kg.EpochHistory")]
public sealed record EpochHistory([property: Id(0)] string Model, [property: Id(1)] IReadOnlyList<EpochReport> Epochs);
