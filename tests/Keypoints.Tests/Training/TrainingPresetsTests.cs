using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Networks;
using KeypointGrains.Keypoints.Training;

namespace KeypointGrains.Keypoints.Tests.Training;

public class TrainingPresetsTests
{
    [Fact]
    public void Default_options_are_the_seeds_recipe()
    {
        var options = new TrainingOptions();
        Assert.Equal((TrainingOptions.Nesterov, TrainingOptions.Linear, 0.0, 0), (options.Optimizer, options.Schedule, options.WeightDecay, options.WarmupEpochs));
        Assert.Empty(options.BatchAugmentations);
    }

    [Fact]
    public void Seed_is_the_seeds_schedule_on_complete_rows()
    {
        var seed = TrainingPresets.Resolve("seed");
        Assert.Equal(new TrainingOptions(), seed.Options);
        Assert.Equal(("cnn-large", 3000, 200), (seed.Options.Model, seed.Options.MaxEpochs, seed.Options.Patience));
        Assert.False(seed.AllRows);
        Assert.True(seed.SpecialistsFromBaseline);
        Assert.False(seed.FlipAveraging);
        Assert.Equal(0, seed.MaxTrainingFaces);
    }

    [Fact]
    public void Best_is_a_residual_net_with_adamw_cosine_affine_and_all_rows()
    {
        var best = TrainingPresets.Resolve("best");
        Assert.Equal(("cnn-res", 64, 3e-3), (best.Options.Model, best.Options.BatchSize, best.Options.LearningRateStart));
        Assert.Equal((TrainingOptions.AdamW, TrainingOptions.Cosine), (best.Options.Optimizer, best.Options.Schedule));
        Assert.IsType<AffineAugmentation>(Assert.Single(best.Options.BatchAugmentations));
        Assert.True(best.AllRows && best.SpecialistsFromBaseline && best.FlipAveraging);
        Assert.False(best.Options.FlipHalfOfEachBatch);
        Assert.Contains(best.Options.Model, NetworkRegistry.Names);
    }

    [Fact]
    public void Best_specialists_fine_tune_the_baseline_shorter_and_gentler()
    {
        var best = TrainingPresets.Resolve("best");
        Assert.InRange(best.SpecialistOptions.MaxEpochs, 1, best.Options.MaxEpochs - 1);
        Assert.True(best.SpecialistOptions.LearningRateStart < best.Options.LearningRateStart);
        Assert.Equal(best.Options.Model, best.SpecialistOptions.Model);
    }

    [Fact]
    public void Quick_trains_the_baseline_on_every_face_for_a_few_epochs_and_specialists_briefly_on_a_slice()
    {
        var quick = TrainingPresets.Resolve(" Quick ");
        Assert.InRange(quick.Options.MaxEpochs, 1, 5);
        Assert.Equal(TrainingOptions.AdamW, quick.Options.Optimizer);
        Assert.True(quick.AllRows && quick.SpecialistsFromBaseline);
        Assert.Equal(0, quick.MaxTrainingFaces);
        Assert.InRange(quick.MaxSpecialistFaces, 1, 500);
        Assert.InRange(quick.SpecialistOptions.MaxEpochs, 1, quick.Options.MaxEpochs - 1);
        // A few AdamW steps from fresh moments wreck a trained network; SGD's follow the gradient.
        Assert.Equal(TrainingOptions.Nesterov, quick.SpecialistOptions.Optimizer);
        Assert.Contains(quick.Options.Model, NetworkRegistry.Names);
    }

    [Fact]
    public void A_model_name_overrides_the_presets_network_for_baseline_and_specialists()
    {
        var best = TrainingPresets.Resolve("best", "cnn-bn");
        Assert.Equal(("cnn-bn", "cnn-bn"), (best.Options.Model, best.SpecialistOptions.Model));
        Assert.Equal(TrainingOptions.AdamW, best.Options.Optimizer);
    }

    [Fact]
    public void An_unknown_preset_is_refused_with_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => TrainingPresets.Resolve("fastest"));
        Assert.Contains("quick, seed, best", error.Message);
    }
}
