using KeypointGrains.Specs.Collections;

namespace KeypointGrains.Specs;

/// <summary>
/// Everything one model trains with, resolved once by whoever plans the campaign (preset, then configuration, then
/// flags) and executed as given by its training grain. Plain values, so the contracts stay free of TorchSharp; the
/// defaults are the seed's (Lasagne/nolearn) settings.
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
    [Id(1)] public string Optimizer { get; init; } = Nesterov;
    /// <summary>linear: learning rate and momentum move linearly per epoch; cosine: warm-up, then a cosine decay.</summary>
    [Id(2)] public string Schedule { get; init; } = Linear;
    [Id(3)] public int MaxEpochs { get; init; } = 3000;
    /// <summary>The trainer stops at the first epoch more than this many epochs after its best one.</summary>
    [Id(4)] public int Patience { get; init; } = 200;
    [Id(5)] public int WarmupEpochs { get; init; }
    [Id(6)] public int BatchSize { get; init; } = 128;
    [Id(7)] public double LearningRateStart { get; init; } = 0.03;
    [Id(8)] public double LearningRateEnd { get; init; } = 0.001;
    /// <summary>Nesterov's momentum, or AdamW's β1.</summary>
    [Id(9)] public double MomentumStart { get; init; } = 0.9;
    [Id(10)] public double MomentumEnd { get; init; } = 0.999;
    [Id(11)] public double WeightDecay { get; init; }
    [Id(12)] public bool FlipHalfOfEachBatch { get; init; } = true;

    /// <summary>
    /// Augmentation names: those drawn per batch (affine) and those that add a transformed copy of every training face
    /// (contrast, unsharp, adaptive3, adaptive9).
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

    /// <summary>Validate and deliver an exponential moving average of the weights with this decay per step; 0 = off.</summary>
    [Id(18)] public double EmaDecay { get; init; }
}
