using KeypointGrains.Keypoints.Augment;

namespace KeypointGrains.Keypoints.Training;

/// <summary>How to train one network. Defaults are the seed's (Lasagne/nolearn) settings.</summary>
public sealed record TrainingOptions
{
    public const string Nesterov = "nesterov";
    public const string AdamW = "adamw";
    public const string Linear = "linear";
    public const string Cosine = "cosine";

    /// <summary>A <see cref="Networks.NetworkRegistry"/> name.</summary>
    public string Model { get; init; } = "cnn-large";
    public int MaxEpochs { get; init; } = 3000;
    /// <summary>Stop at the first epoch more than this many epochs after the best one.</summary>
    public int Patience { get; init; } = 200;
    public int BatchSize { get; init; } = 128;
    public double LearningRateStart { get; init; } = 0.03;
    public double LearningRateEnd { get; init; } = 0.001;
    /// <summary>Nesterov's momentum, or AdamW's β1.</summary>
    public double MomentumStart { get; init; } = 0.9;
    public double MomentumEnd { get; init; } = 0.999;
    public bool FlipHalfOfEachBatch { get; init; } = true;
    public int Seed { get; init; } = 42;
    /// <summary>auto (CUDA when present), cpu, cuda or cuda:N.</summary>
    public string Device { get; init; } = "auto";
    /// <summary>For callers that split one set: the share of faces held out for validation.</summary>
    public double ValidationFraction { get; init; } = 0.2;
    /// <summary>Intra-op threads for libtorch on the CPU; 0 keeps libtorch's own choice.</summary>
    public int Threads { get; init; }

    /// <summary><see cref="Nesterov"/> (the seed's SGD) or <see cref="AdamW"/>.</summary>
    public string Optimizer { get; init; } = Nesterov;
    /// <summary>AdamW's decoupled weight decay, or Nesterov SGD's L2 penalty; 0 = none (the seed used none).</summary>
    public double WeightDecay { get; init; }
    /// <summary>
    /// <see cref="Linear"/>: the seed's learning rate and momentum moved linearly per epoch from Start to End.
    /// <see cref="Cosine"/>: <see cref="WarmupEpochs"/> of linear warm-up, then the learning rate decays along a cosine
    /// from LearningRateStart to LearningRateEnd at MaxEpochs; momentum (β1) stays at MomentumStart.
    /// </summary>
    public string Schedule { get; init; } = Linear;
    public int WarmupEpochs { get; init; }
    /// <summary>
    /// Keep an exponential moving average of the weights (and batch-norm statistics), updated after every step with this
    /// decay (less in the first steps: at most (1 + step) / (10 + step)); validation, the best weights and the delivered
    /// model use the average. 0 = off, as the seed.
    /// </summary>
    public double EmaDecay { get; init; }
    /// <summary>Random transforms drawn anew for every training batch, in order, before the flip (none in the seed).</summary>
    public IReadOnlyList<IBatchAugmentation> BatchAugmentations { get; init; } = [];
}
