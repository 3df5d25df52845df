using KeypointGrains.Specs;

namespace KeypointGrains.Keypoints.Training;

/// <summary>The recipes <c>--preset quick|seed|best</c> names.</summary>
public static class TrainingPresets
{
    public const string Quick = "quick";
    public const string Seed = "seed";
    public const string Best = "best";

    public static IReadOnlyList<string> Names { get; } = [Quick, Seed, Best];

    /// <summary>
    /// The preset's recipe, for <paramref name="model"/> (a network registry name, or "mean") when given, else for the
    /// preset's own network (quick: cnn-bn, seed: cnn-large, best: cnn-res).
    /// </summary>
    public static TrainingPreset Resolve(string preset, string? model = null)
    {
        ArgumentNullException.ThrowIfNull(preset);
        var recipe = preset.Trim().ToLowerInvariant() switch
        {
            Quick => QuickRecipe(),
            Seed => SeedRecipe(),
            Best => BestRecipe(),
            _ => throw new ArgumentException($"Unknown preset '{preset}'. Known: {string.Join(", ", Names)}.", nameof(preset)),
        };
        return model is null
            ? recipe
            : recipe with
            {
                Recipe = recipe.Recipe with { Network = model },
                SpecialistRecipe = recipe.SpecialistRecipe with { Network = model },
            };
    }

    /// <summary>
    /// The whole study in about two minutes on two CPU cores, with a baseline worth having: best's recipe (AdamW and a
    /// cosine decay, every row with a masked loss, affine warps, flip averaging) for 4 epochs of cnn-bn, the fastest
    /// of our convnets to train on a CPU, on every training face; the specialists touch it up with a few SGD steps on a slice.
    /// </summary>
    private static TrainingPreset QuickRecipe()
    {
        const int epochs = 4;
        var recipe = new TrainingRecipe
        {
            Network = "cnn-bn",
            Optimizer = TrainingRecipe.AdamW,
            // Rates per epoch 1e-3, 1e-3, 6e-4, 2e-4: 2.94 px after 4 epochs. Ending at 1e-5 (the last epoch hardly moves)
            // gave 3.02, from best's 1.5e-3 3.06, decaying from the first epoch (1e-3, 7.5e-4, 2.5e-4, 1e-5) 3.17; without
            // affine warps it was 3.83 px after 3 epochs, against about 3.2 with them.
            LearningRateStart = 1e-3,
            LearningRateEnd = 2e-4,
            MomentumStart = 0.9,
            WeightDecay = 1e-2,
            Schedule = TrainingRecipe.Cosine,
            WarmupEpochs = 1,
            MaxEpochs = epochs,
            Patience = epochs,
            BatchSize = 32,
            Augmentations = ["affine"],
            FlipHalfOfEachBatch = false,
            AllRows = true,
            FlipAveraging = true,
        };
        // Adam's first steps move every weight by about the rate, whatever its gradient: one AdamW epoch (five steps) left
        // the specialists worse than the baseline they started from (ensemble 3.17 px at 1e-4 against a baseline of 2.91;
        // 4.17 at 5e-4 against 3.05). Nesterov SGD's steps follow the gradient, so the touch-up stays near the baseline
        // and improves on it: ensemble 2.90 px at 3e-3 and at 1e-2, 2.96 at 3e-2; every specialist beat its AdamW self
        // (bottom lip 3.37 against 4.71 px).
        var specialists = recipe with
        {
            Optimizer = TrainingRecipe.Nesterov, LearningRateStart = 3e-3, LearningRateEnd = 3e-3, MomentumStart = 0.9,
            MomentumEnd = 0.9, WeightDecay = 0, WarmupEpochs = 0, MaxEpochs = 1, Patience = 1, AllRows = false,
            MaxTrainingFaces = 320,
        };
        return new(Quick, recipe, specialists, SpecialistsFromBaseline: true);
    }

    /// <summary>The seed's schedule: cnn-large, Nesterov 0.03→0.001 / 0.9→0.999, up to 3000 epochs, patience 200.</summary>
    private static TrainingPreset SeedRecipe()
    {
        var recipe = new TrainingRecipe();
        return new(Seed, recipe, recipe, SpecialistsFromBaseline: true);
    }

    /// <summary>
    /// Our most accurate recipe (grouped-split validation): a residual net with AdamW and warm-up + cosine decay, masked
    /// loss on every row and random affine warps on every batch, without mirroring; predictions are averaged with those
    /// of the mirrored face. The cosine schedule ends at MaxEpochs, so patience equals it: the best epoch is nearly
    /// always one of the last. Specialists start from the baseline and fine-tune it. Meant for a GPU.
    /// </summary>
    private static TrainingPreset BestRecipe()
    {
        const int epochs = 120;
        var recipe = new TrainingRecipe
        {
            // Chosen from one H200 run of eight single-model baselines of this recipe side by side, stopped at 240 s
            // (validation RMSE without flip averaging at the last improvement, epochs reached of those planned):
            // cnn-res batch 64 peak 3e-3 1.497 px @71/120; the same at best's former 1.5e-3 1.571 @70, seed 7 1.611 @67;
            // cnn-res 200 epochs batch 128 peak 3e-3 1.561 @102; cnn-res 60 epochs batch 32 1.569 @49; cnn-res16 150
            // epochs batch 64 1.639 @76; cnn-bn (fixed) 150 epochs batch 64 1.505 @117; cnn-large 120 epochs batch 64
            // 1.582 @116. The former best (cnn-large, 30 epochs at batch 32, specialists 12) gave 1.72 px for the baseline
            // and 1.56 on the hidden faces. None of these reached its cosine's end, and the whole study with this
            // recipe (baseline and specialists) has not been run on a GPU yet.
            Network = "cnn-res",
            Optimizer = TrainingRecipe.AdamW,
            LearningRateStart = 3e-3,
            LearningRateEnd = 1e-5,
            MomentumStart = 0.9,
            WeightDecay = 1e-2,
            Schedule = TrainingRecipe.Cosine,
            WarmupEpochs = 3,
            MaxEpochs = epochs,
            Patience = epochs,
            BatchSize = 64,
            Augmentations = ["affine"],
            // Mirrored training faces cost accuracy after 10 epochs: 2.26 px mapping x → 95 − x, 2.11 px with the
            // labels' own mirror (97.5 − x), 2.04 px without mirroring; the annotations are not quite symmetric.
            FlipHalfOfEachBatch = false,
            AllRows = true,
            // Averaging with the mirrored face still helps at prediction: 1.734 → 1.708 px for cnn-large's 30-epoch baseline.
            FlipAveraging = true,
        };
        // Specialists start from the baseline's best weights, so they fine-tune: a shorter, gentler cosine that keeps
        // what the baseline learned instead of warming back up to the rate that trained it from scratch (a third of it,
        // as the former best's 5e-4 was of 1.5e-3).
        const int fineTuneEpochs = 36;
        var specialists = recipe with
        {
            LearningRateStart = 1e-3,
            WarmupEpochs = 1,
            MaxEpochs = fineTuneEpochs,
            Patience = fineTuneEpochs,
            AllRows = false,
        };
        return new(Best, recipe, specialists, SpecialistsFromBaseline: true);
    }
}
