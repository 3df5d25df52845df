using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Specs;

namespace KeypointGrains.Keypoints.Tests.Training;

public class AugmentationStudyTests
{
    private static readonly int[] AllColumns = Enumerable.Range(0, KeypointSchema.ColumnCount).ToArray();
    private static readonly TrainerSetup Cpu = new() { Device = "cpu" };

    [SkippableFact]
    public void Each_augmentation_trains_alone_on_the_same_split_after_a_run_without_any()
    {
        var faces = FkdSlice.Load(160).Labelled(AllColumns);
        var options = new TrainingRecipe { Network = "mlp", MaxEpochs = 1, BatchSize = 32, LearningRateStart = 0.01 };
        var study = new AugmentationStudy("slice.csv", faces, options, AugmentationRegistry.Parse("contrast,affine"), Cpu);
        var epochs = new List<string>();

        var runs = study.Run((run, epoch) => epochs.Add($"{run}@{epoch.Epoch}"));

        Assert.Equal(faces.Count, study.Train.Count + study.Validation.Count);
        Assert.Equal(["none", "contrast", "affine"], runs.Select(r => r.Augmentation));
        Assert.Equal(["none@1", "contrast@1", "affine@1"], epochs);
        Assert.Equal([study.Train.Count, 2 * study.Train.Count, study.Train.Count], runs.Select(r => r.TrainingRows));
        Assert.All(runs, r =>
        {
            Assert.Equal(("mlp", 1), (r.Model, r.Epochs));
            Assert.True(double.IsFinite(r.ValidationLoss) && r.ValidationLoss > 0, r.ToString());
            Assert.True(r.Seconds > 0, r.ToString());
            Assert.Equal(Math.Sqrt(r.ValidationLoss) * TargetScaling.HalfRange, r.RmsePixels, 2);
        });
        // Each augmentation changes what the network learns from, so no two runs end on the same loss.
        Assert.Equal(3, runs.Select(r => r.ValidationLoss).Distinct().Count());

        // The run without augmentation is exactly a plain trainer's run with that recipe on that split.
        using var plain = new KeypointTrainer(options, study.Train, study.Validation, Cpu);
        plain.RunEpoch();
        Assert.Equal(plain.Record.BestLoss, runs[0].ValidationLoss);
    }

    [SkippableFact]
    public void Augmentations_in_the_recipe_do_not_leak_into_the_run_without_augmentation()
    {
        var faces = FkdSlice.Load(120).Labelled(AllColumns);
        var options = new TrainingRecipe { Network = "mlp", MaxEpochs = 1, BatchSize = 32 };
        var plain = new AugmentationStudy("slice.csv", faces, options, AugmentationPlan.None, Cpu).Run();
        var withAffine = new AugmentationStudy("slice.csv", faces, options with { Augmentations = ["affine"] }, AugmentationPlan.None, Cpu).Run();

        Assert.Equal("none", Assert.Single(withAffine).Augmentation);
        Assert.Equal(Assert.Single(plain).ValidationLoss, withAffine[0].ValidationLoss);
    }
}
