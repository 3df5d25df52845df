using KeypointGrains.Specs.Collections;

namespace KeypointGrains.Specs;

/// <summary>
/// Everything one model trains with: the one description of a recipe. The presets are written in it, kg resolves it once
/// (preset, then configuration, then flags), a campaign's plan carries it to the training grains, and the domain's
/// <c>KeypointTrainer</c> runs it as given; where and how a trainer runs (device, threads) is not part of it. Plain
/// values, so the contracts stay free of TorchSharp; the defaults are the seed's (Lasagne/nolearn) settings. Its
/// equality is the compiler's (every field), which the coordinator's "same plan" check relies on.
/// </summary>
[GenerateSerializer, Immutable, Alias("kg.TrainingRecipe")]
public sealed record TrainingRecipe
{
    public const string Nesterov = "nesterov";
    public const string AdamW = "adamw";
    public const string Linear = "linear";
    public const string Cosine = "cosine";

    /// <summary>A network of the registry (cnn-large, cnn-small, ...).</summary>
    [Id(0)] public string Network { get; init; } = "cnn-large";
    /// <summary><see cref="Nesterov"/> (the seed's SGD) or <see cref="AdamW"/>.</summary>
    [Id(1)] public string Optimizer { get; init; } = Nesterov;
    /// <summary>
    /// <see cref="Linear"/>: the seed's learning rate and momentum moved linearly per epoch from Start to End.
    /// <see cref="Cosine"/>: <see cref="WarmupEpochs"/> of linear warm-up, then the learning rate decays along a cosine
    /// from LearningRateStart to LearningRateEnd at MaxEpochs; momentum (β1) stays at MomentumStart.
    /// </summary>
    [Id(2)] public string Schedule { get; init; } = Linear;
    [Id(3)] public int MaxEpochs { get; init; } = 3000;
    /// <summary>
    /// Stop at the first epoch more than this many epochs after the best one: the coordinator's stopping policy in a
    /// campaign, the trainer's own when it runs alone (kg train, the studies).
    /// </summary>
    [Id(4)] public int Patience { get; init; } = 200;
    [Id(5)] public int WarmupEpochs { get; init; }
    [Id(6)] public int BatchSize { get; init; } = 128;
    [Id(7)] public double LearningRateStart { get; init; } = 0.03;
    [Id(8)] public double LearningRateEnd { get; init; } = 0.001;
    /// <summary>Nesterov's momentum, or AdamW's β1.</summary>
    [Id(9)] public double MomentumStart { get; init; } = 0.9;
    [Id(10)] public double MomentumEnd { get; init; } = 0.999;
    /// <summary>AdamW's decoupled weight decay, or Nesterov SGD's L2 penalty; 0 = none (the seed used none).</summary>
    [Id(11)] public double WeightDecay { get; init; }
    /// <summary>Mirror half of each training batch (the seed's only augmentation).</summary>
    [Id(12)] public bool FlipHalfOfEachBatch { get; init; } = true;

    /// <summary>
    /// Augmentation names: those drawn anew for every training batch, in order, before the flip (affine, framing), and
    /// those that add a transformed copy of every training face (contrast, unsharp, adaptive3, adaptive9).
    /// </summary>
    [Id(13)] public IReadOnlyList<string> Augmentations { get; init => field = EquatableArray.Of(value); } = EquatableArray<string>.Empty;

    /// <summary>Train on every row with the loss masked to its labels; false keeps the rows that label all the model's columns.</summary>
    [Id(14)] public bool AllRows { get; init; }

    /// <summary>At most this many training faces (the first of the training side); 0 = all. Validation is never capped.</summary>
    [Id(15)] public int MaxTrainingFaces { get; init; }

    /// <summary>The delivered model averages each prediction with that of the mirrored face.</summary>
    [Id(16)] public bool FlipAveraging { get; init; }

    /// <summary>Seeds the initial weights, shuffles, flips, augmentation draws and dropout masks.</summary>
    [Id(17)] public int Seed { get; init; } = 42;

    /// <summary>
    /// Keep an exponential moving average of the weights (and batch-norm statistics), updated after every step with this
    /// decay (less in the first steps: at most (1 + step) / (10 + step)); validation, the best weights and the delivered
    /// model use the average. 0 = off, as the seed.
    /// </summary>
    [Id(18)] public double EmaDecay { get; init; }
}
