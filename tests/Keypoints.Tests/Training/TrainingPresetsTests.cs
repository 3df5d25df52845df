using KeypointGrains.Keypoints.Networks;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Specs;

namespace KeypointGrains.Keypoints.Tests.Training;

public class TrainingPresetsTests
{
    [Fact]
    public void The_default_recipe_is_the_seeds()
    {
        var recipe = new TrainingRecipe();
        Assert.Equal((TrainingRecipe.Nesterov, TrainingRecipe.Linear, 0.0, 0), (recipe.Optimizer, recipe.Schedule, recipe.WeightDecay, recipe.WarmupEpochs));
        Assert.Empty(recipe.Augmentations);
    }

    [Fact]
    public void Seed_is_the_seeds_schedule_on_complete_rows()
    {
        var seed = TrainingPresets.Resolve("seed");
        Assert.Equal(new TrainingRecipe(), seed.Recipe);
        Assert.Equal(("cnn-large", 3000, 200), (seed.Recipe.Network, seed.Recipe.MaxEpochs, seed.Recipe.Patience));
        Assert.False(seed.Recipe.AllRows);
        Assert.True(seed.SpecialistsFromBaseline);
        Assert.False(seed.Recipe.FlipAveraging);
        Assert.Equal(0, seed.Recipe.MaxTrainingFaces);
    }

    [Fact]
    public void Best_is_a_residual_net_with_adamw_cosine_affine_and_all_rows()
    {
        var best = TrainingPresets.Resolve("best");
        Assert.Equal(("cnn-res", 64, 3e-3), (best.Recipe.Network, best.Recipe.BatchSize, best.Recipe.LearningRateStart));
        Assert.Equal((TrainingRecipe.AdamW, TrainingRecipe.Cosine), (best.Recipe.Optimizer, best.Recipe.Schedule));
        Assert.Equal(["affine"], best.Recipe.Augmentations);
        Assert.True(best.Recipe.AllRows && best.SpecialistsFromBaseline && best.Recipe.FlipAveraging && best.SpecialistRecipe.FlipAveraging);
        Assert.False(best.Recipe.FlipHalfOfEachBatch);
        Assert.Contains(best.Recipe.Network, NetworkRegistry.Names);
    }

    [Fact]
    public void Best_specialists_fine_tune_the_baseline_shorter_and_gentler()
    {
        var best = TrainingPresets.Resolve("best");
        Assert.InRange(best.SpecialistRecipe.MaxEpochs, 1, best.Recipe.MaxEpochs - 1);
        Assert.True(best.SpecialistRecipe.LearningRateStart < best.Recipe.LearningRateStart);
        Assert.Equal(best.Recipe.Network, best.SpecialistRecipe.Network);
        // Specialists train on every row that labels their group, not on every row with their group masked out.
        Assert.False(best.SpecialistRecipe.AllRows);
    }

    [Fact]
    public void Quick_trains_the_baseline_on_every_face_for_a_few_epochs_and_specialists_briefly_on_a_slice()
    {
        var quick = TrainingPresets.Resolve(" Quick ");
        Assert.InRange(quick.Recipe.MaxEpochs, 1, 5);
        Assert.Equal(TrainingRecipe.AdamW, quick.Recipe.Optimizer);
        Assert.True(quick.Recipe.AllRows && quick.SpecialistsFromBaseline);
        Assert.False(quick.SpecialistRecipe.AllRows);
        Assert.Equal(0, quick.Recipe.MaxTrainingFaces);
        Assert.InRange(quick.SpecialistRecipe.MaxTrainingFaces, 1, 500);
        Assert.InRange(quick.SpecialistRecipe.MaxEpochs, 1, quick.Recipe.MaxEpochs - 1);
        // A few AdamW steps from fresh moments wreck a trained network; SGD's follow the gradient.
        Assert.Equal(TrainingRecipe.Nesterov, quick.SpecialistRecipe.Optimizer);
        Assert.Contains(quick.Recipe.Network, NetworkRegistry.Names);
    }

    [Fact]
    public void A_model_name_overrides_the_presets_network_for_baseline_and_specialists()
    {
        var best = TrainingPresets.Resolve("best", "cnn-bn");
        Assert.Equal(("cnn-bn", "cnn-bn"), (best.Recipe.Network, best.SpecialistRecipe.Network));
        Assert.Equal(TrainingRecipe.AdamW, best.Recipe.Optimizer);
    }

    [Fact]
    public void An_unknown_preset_is_refused_with_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => TrainingPresets.Resolve("fastest"));
        Assert.Contains("quick, seed, best", error.Message);
    }
}
