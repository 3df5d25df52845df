using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Specs;

namespace KeypointGrains.Contracts.Training;

/// <summary>
/// What a training grain knows about its model: phase, the last and best epochs, where it trains, and the recipe it
/// trains with. <see cref="EpochsRepeated"/> counts epochs run twice because a resumed run went back to an older
/// checkpoint.
/// </summary>
[GenerateSerializer, Immutable, Alias("kg.TrainingStatus")]
public sealed record TrainingStatus(
    [property: Id(0)] string Model,
    [property: Id(1)] ModelPhase Phase,
    [property: Id(2)] EpochReport? LastEpoch,
    [property: Id(3)] EpochReport? BestEpoch,
    [property: Id(4)] CheckpointReference? LatestCheckpoint,
    [property: Id(5)] ModelCompletion? Completion,
    [property: Id(6)] string? Error,
    [property: Id(7)] string Silo,
    [property: Id(8)] string Device,
    [property: Id(9)] int Resumes,
    [property: Id(10)] int EpochsRepeated,
    [property: Id(11)] TrainingRecipe? Recipe)
{
    /// <summary>The weights its run started from (another model's best), or null when it started from scratch.</summary>
    [Id(12)] public CheckpointReference? InitialWeights { get; init; }

    /// <summary>Runs started for this model (each claims its state; see fenced writes in the training grain).</summary>
    [Id(13)] public int Generation { get; init; }

    /// <summary>Stored checkpoints that replaced a newer one: zero while one writer commits at a time.</summary>
    [Id(14)] public int OlderCheckpointWrites { get; init; }
}
