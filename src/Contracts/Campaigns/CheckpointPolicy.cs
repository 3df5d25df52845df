namespace KeypointGrains.Contracts.Campaigns;

/// <summary>How often a training run stores a resumable checkpoint.</summary>
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
}
