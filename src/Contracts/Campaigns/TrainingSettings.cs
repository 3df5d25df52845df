namespace KeypointGrains.Contracts.Campaigns;

/// <summary>
/// The training recipe every model of a campaign shares. Mirrors the domain's training options as plain values so the
/// contracts stay free of TorchSharp; <see cref="MaxRows"/> caps the rows a model trains on (0 = all) for quick runs.
/// </summary>
[GenerateSerializer, Immutable, Alias("kg.TrainingSettings")]
public sealed record TrainingSettings
{
    [Id(0)] public string Network { get; init; } = "cnn-large";
    [Id(1)] public int MaxEpochs { get; init; } = 3000;
    [Id(2)] public int Patience { get; init; } = 200;
    [Id(3)] public int BatchSize { get; init; } = 128;
    [Id(4)] public double LearningRateStart { get; init; } = 0.03;
    [Id(5)] public double LearningRateEnd { get; init; } = 0.001;
    [Id(6)] public double MomentumStart { get; init; } = 0.9;
    [Id(7)] public double MomentumEnd { get; init; } = 0.999;
    [Id(8)] public int Seed { get; init; } = 42;
    [Id(9)] public double ValidationFraction { get; init; } = 0.2;
    [Id(10)] public int MaxRows { get; init; }
    [Id(11)] public int CheckpointEveryEpochs { get; init; } = 1;

    /// <summary>
    /// A named recipe (quick | seed | best) for what the plain values above cannot say: optimizer, schedule, per-batch
    /// augmentation, whole-face rows, flip averaging. Null = the seed's recipe from the values above.
    /// </summary>
    [Id(12)] public string? Preset { get; init; }

    /// <summary>
    /// Comma-separated augmentation names (contrast, unsharp, adaptive3, adaptive9: one more copy of the training faces
    /// each; affine: random per batch, on top of the preset's own). Null or blank = none.
    /// </summary>
    [Id(13)] public string? Augment { get; init; }

    /// <summary>
    /// The largest share of training time spent writing checkpoints: one is skipped while less time than its last write
    /// took divided by this has passed since the last one. On a GPU, where an epoch can take less time than writing a
    /// checkpoint, this keeps training from waiting on storage; a failure then repeats at most that much work.
    /// 0 = a checkpoint every <see cref="CheckpointEveryEpochs"/> epochs, however long writing takes.
    /// </summary>
    [Id(14)] public double CheckpointOverhead { get; init; } = 0.1;

    /// <summary>
    /// The most epochs a specialist trains; 0 = <see cref="MaxEpochs"/>. Specialists that start from a trained baseline
    /// only fine-tune it, which takes far fewer epochs than the baseline needed.
    /// </summary>
    [Id(15)] public int SpecialistMaxEpochs { get; init; }

    /// <summary>The epochs <paramref name="model"/> may train: the baseline's, or the specialists' cap.</summary>
    public int MaxEpochsOf(ModelPlan model) =>
        model.IsBaseline || SpecialistMaxEpochs <= 0 ? MaxEpochs : Math.Min(MaxEpochs, SpecialistMaxEpochs);
}
