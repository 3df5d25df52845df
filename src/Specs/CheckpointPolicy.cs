using KeypointGrains.Specs.Collections;

namespace KeypointGrains.Specs;

/// <summary>How often a training run stores a resumable checkpoint (the run loop keeps this cadence).</summary>
[GenerateSerializer, Immutable, Alias("kg.CheckpointPolicy")]
public sealed record CheckpointPolicy
{
    /// <summary>A checkpoint at most every this many epochs.</summary>
    [Id(0)] public int EveryEpochs { get; init; } = 1;

    /// <summary>
    /// The largest share of training time spent writing checkpoints: one is skipped while less time than its last write
    /// took divided by this has passed since the last one. On a GPU, where an epoch can take less time than writing a
    /// checkpoint, this keeps training from waiting on storage; a failure then repeats at most that much work.
    /// 0 = a checkpoint every <see cref="EveryEpochs"/> epochs, however long writing takes.
    /// </summary>
    [Id(1)] public double Overhead { get; init; } = 0.1;

    /// <summary>
    /// Epochs after which a checkpoint is stored whatever <see cref="EveryEpochs"/> and <see cref="Overhead"/> say: a
    /// search's rungs, so that a trial resumed on another silo repeats at most one rung's worth of epochs.
    /// </summary>
    [Id(2)] public IReadOnlyList<int> AlwaysAfter { get; init => field = EquatableArray.Of(value); } = EquatableArray<int>.Empty;
}
