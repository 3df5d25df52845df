using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Specs;

namespace KeypointGrains.Grains.Training;

/// <summary>A campaign recipe as the domain trainer takes it: the same values, with augmentation names made into transforms.</summary>
public static class RecipeOptions
{
    public static TrainingOptions For(TrainingRecipe recipe, string device) => new()
    {
        Model = recipe.Network,
        Optimizer = recipe.Optimizer,
        Schedule = recipe.Schedule,
        MaxEpochs = recipe.MaxEpochs,
        // The campaign's coordinator runs early stopping (its stopping policy hears every epoch): the trainer runs to its limit.
        Patience = int.MaxValue,
        WarmupEpochs = recipe.WarmupEpochs,
        BatchSize = recipe.BatchSize,
        LearningRateStart = recipe.LearningRateStart,
        LearningRateEnd = recipe.LearningRateEnd,
        MomentumStart = recipe.MomentumStart,
        MomentumEnd = recipe.MomentumEnd,
        WeightDecay = recipe.WeightDecay,
        FlipHalfOfEachBatch = recipe.FlipHalfOfEachBatch,
        Seed = recipe.Seed,
        EmaDecay = recipe.EmaDecay,
        Device = device,
        BatchAugmentations = Augmentations(recipe).PerBatch,
    };

    /// <summary>The recipe's augmentations (the coordinator refused a plan whose names do not parse).</summary>
    public static AugmentationPlan Augmentations(TrainingRecipe recipe) =>
        AugmentationRegistry.Parse(string.Join(",", recipe.Augmentations));
}
