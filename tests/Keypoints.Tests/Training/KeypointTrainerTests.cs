using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Networks;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Specs;

namespace KeypointGrains.Keypoints.Tests.Training;

public class KeypointTrainerTests
{
    private static readonly int[] AllColumns = Enumerable.Range(0, KeypointSchema.ColumnCount).ToArray();

    private static (FaceSet Train, FaceSet Validation) Split(FaceSet faces, int validation) =>
        (faces.Select(Enumerable.Range(0, faces.Count - validation).ToArray()),
         faces.Select(Enumerable.Range(faces.Count - validation, validation).ToArray()));

    private static readonly TrainerSetup Cpu = new() { Device = "cpu" };

    private static TrainingRecipe Tiny(string model) =>
        new() { Network = model, MaxEpochs = 50, BatchSize = 32 };

    [SkippableFact]
    public void A_short_run_on_real_faces_lowers_the_validation_loss()
    {
        var (train, validation) = Split(FkdSlice.Load(300).Labelled(AllColumns), 48);
        using var trainer = new KeypointTrainer(Tiny("mlp") with { LearningRateStart = 0.01 }, train, validation, Cpu);
        var reports = Enumerable.Range(0, 8).Select(_ => trainer.RunEpoch()).ToArray();

        Assert.True(reports[^1].ValidationLoss < reports[0].ValidationLoss,
            $"validation loss {reports[0].ValidationLoss} → {reports[^1].ValidationLoss}");
        Assert.Equal(Enumerable.Range(1, 8), reports.Select(r => r.Epoch));
        Assert.Equal(reports.Min(r => r.ValidationLoss), trainer.Record.BestLoss);
        Assert.All(reports, r => Assert.Equal(Math.Sqrt(r.ValidationLoss) * 48, r.ValidationRmsePixels, 9));
    }

    [SkippableFact]
    public void Rows_with_missing_keypoints_train_with_finite_losses()
    {
        // The first rows of the file are nearly all complete: blank the eyebrows of every third face, Kaggle-style.
        var faces = FkdSlice.Load(160);
        var eyebrows = KeypointSchema.Specialist("eyebrows").Columns;
        for (int face = 0; face < faces.Count; face += 3)
            foreach (var column in eyebrows) faces.Targets[face * KeypointSchema.ColumnCount + column] = float.NaN;
        var (train, validation) = Split(faces, 32);
        using var trainer = new KeypointTrainer(Tiny("mlp"), train, validation, Cpu);
        var report = trainer.RunEpoch();
        Assert.True(double.IsFinite(report.TrainLoss) && double.IsFinite(report.ValidationLoss), report.ToString());
    }

    [SkippableFact]
    public void The_same_seed_gives_the_same_run()
    {
        var (train, validation) = Split(FkdSlice.Load(96), 32);
        double[] Run()
        {
            using var trainer = new KeypointTrainer(Tiny("cnn-small"), train, validation, Cpu);
            return Enumerable.Range(0, 2).Select(_ => trainer.RunEpoch()).SelectMany(r => new[] { r.TrainLoss, r.ValidationLoss }).ToArray();
        }
        Assert.Equal(Run(), Run());
    }

    [SkippableFact]
    public void Other_users_of_torchs_global_generator_do_not_change_a_run()
    {
        var (train, validation) = Split(FkdSlice.Load(64).Labelled(AllColumns), 16);
        var options = Tiny("cnn-large") with { BatchSize = 16 };
        double Run(bool disturb)
        {
            if (disturb) TorchSharp.torch.manual_seed(12345);
            using var trainer = new KeypointTrainer(options, train, validation, Cpu);
            if (disturb) TorchSharp.torch.rand(1000).Dispose();
            return trainer.RunEpoch().TrainLoss;
        }
        Assert.Equal(Run(disturb: false), Run(disturb: true));
    }

    /// <summary>
    /// The seed's recipe, the modern one (batch-norm statistics, AdamW's moments, per-batch warps), and that one with a
    /// moving average of the weights.
    /// </summary>
    public static TheoryData<string> ResumableRecipes => ["seed", "best", "best-ema"];

    private static TrainingRecipe Recipe(string name) => name switch
    {
        "seed" => Tiny("cnn-large") with { BatchSize = 16 },
        "best-ema" => Recipe("best") with { EmaDecay = 0.9 },
        _ => Tiny("cnn-bn") with
        {
            BatchSize = 16, Optimizer = TrainingRecipe.AdamW, LearningRateStart = 1e-3, WeightDecay = 0.01,
            Schedule = TrainingRecipe.Cosine, WarmupEpochs = 1, Augmentations = ["affine"],
        },
    };

    [SkippableFact]
    public void A_moving_average_is_what_is_validated_and_delivered_while_training_goes_on_from_the_weights()
    {
        var (train, validation) = Split(FkdSlice.Load(64).Labelled(AllColumns), 16);
        using var plain = new KeypointTrainer(Recipe("best"), train, validation, Cpu);
        using var averaged = new KeypointTrainer(Recipe("best-ema"), train, validation, Cpu);
        var (withoutAverage, withAverage) = (new[] { plain.RunEpoch(), plain.RunEpoch() }, new[] { averaged.RunEpoch(), averaged.RunEpoch() });

        // Training itself is the same run; what is scored differs.
        Assert.Equal(withoutAverage.Select(r => r.TrainLoss), withAverage.Select(r => r.TrainLoss));
        Assert.NotEqual(withoutAverage[1].ValidationLoss, withAverage[1].ValidationLoss);
        // The delivered model is the average of the best epoch: it scores what that epoch's validation said.
        using var delivered = averaged.ExportBest();
        var evaluation = Evaluator.Evaluate(delivered, validation);
        Assert.Equal(averaged.Record.BestLoss, Math.Pow(evaluation.RmsePixels / 48, 2), 1e-5);
    }

    [SkippableTheory]
    [MemberData(nameof(ResumableRecipes))]
    public void A_resumed_run_repeats_the_next_epochs_of_an_uninterrupted_one(string recipe)
    {
        // Dropout, momentum (or Adam's moments), batch-norm statistics and augmentation draws all have to survive the
        // checkpoint for the epochs to agree.
        var (train, validation) = Split(FkdSlice.Load(64).Labelled(AllColumns), 16);
        var options = Recipe(recipe);
        using var uninterrupted = new KeypointTrainer(options, train, validation, Cpu);
        var expected = Enumerable.Range(0, 3).Select(_ => uninterrupted.RunEpoch()).ToArray();

        var checkpoint = new MemoryStream();
        using (var first = new KeypointTrainer(options, train, validation, Cpu))
        {
            first.RunEpoch();
            first.SaveCheckpoint(checkpoint);
        }
        checkpoint.Position = 0;
        using var resumed = new KeypointTrainer(options, train, validation, Cpu);
        resumed.LoadCheckpoint(checkpoint);
        Assert.Equal(1, resumed.Epoch);
        Assert.Equal(expected[..1].Select(r => r.ValidationLoss), resumed.History.Select(r => r.ValidationLoss));

        var next = new[] { resumed.RunEpoch(), resumed.RunEpoch() };
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(expected[1 + i].Epoch, next[i].Epoch);
            Assert.Equal(expected[1 + i].TrainLoss, next[i].TrainLoss, 1e-5);
            Assert.Equal(expected[1 + i].ValidationLoss, next[i].ValidationLoss, 1e-5);
            Assert.Equal(expected[1 + i].Improved, next[i].Improved);
        }
        Assert.Equal(uninterrupted.Record.BestEpoch, resumed.Record.BestEpoch);
    }

    [SkippableFact]
    public void Training_stops_at_max_epochs_with_the_best_weights_exported()
    {
        var (train, validation) = Split(FkdSlice.Load(96).Labelled(AllColumns), 32);
        using var trainer = new KeypointTrainer(Tiny("mlp") with { MaxEpochs = 4, LearningRateStart = 0.1, LearningRateEnd = 0.1 }, train, validation, Cpu);
        while (!trainer.Finished) trainer.RunEpoch();
        Assert.Equal(4, trainer.Epoch);
        Assert.Throws<InvalidOperationException>(() => trainer.RunEpoch());

        using var best = trainer.ExportBest();
        var report = Evaluator.Evaluate(best, validation);
        Assert.Equal(Math.Sqrt(trainer.Record.BestLoss) * 48, report.RmsePixels, 3);
    }

    [SkippableFact]
    public void Per_batch_augmentation_changes_what_the_network_sees_and_keeps_losses_finite()
    {
        var (train, validation) = Split(FkdSlice.Load(96), 32);
        double Run(params IBatchAugmentation[] augmentations)
        {
            using var trainer = new KeypointTrainer(Tiny("mlp"), train, validation, Cpu with { BatchAugmentations = augmentations });
            return trainer.RunEpoch().TrainLoss;
        }
        var plain = Run();
        var warped = Run(new AffineAugmentation());
        Assert.True(double.IsFinite(warped));
        Assert.NotEqual(plain, warped);
        Assert.Equal(warped, Run(new AffineAugmentation()));
        Assert.Equal(plain, Run(new AffineAugmentation(0, 0, 0)), 5);
        // A recipe names its augmentations; the trainer makes them with their default settings.
        using var named = new KeypointTrainer(Tiny("mlp") with { Augmentations = ["affine"] }, train, validation, Cpu);
        Assert.Equal(warped, named.RunEpoch().TrainLoss);
    }

    [SkippableTheory]
    [InlineData("cnn-bn")]
    [InlineData("cnn-res16")]
    public void A_specialist_started_from_a_baseline_predicts_its_columns_as_the_baseline_did(string network)
    {
        var faces = FkdSlice.Load(80);
        var (train, validation) = Split(faces, 16);
        using var baselineTrainer = new KeypointTrainer(Tiny(network) with { BatchSize = 16, Optimizer = TrainingRecipe.AdamW, LearningRateStart = 1e-3 }, train, validation, Cpu);
        baselineTrainer.RunEpoch();
        using var baseline = baselineTrainer.ExportBest();
        var probe = validation.Pixels;
        var expected = baseline.Predict(probe, validation.Count);

        // Eye corners: the mirrored pairs inside the group must land on the right rows.
        var group = KeypointSchema.Specialist("eye-corners").Columns;
        var (specialistTrain, specialistValidation) = (train.Labelled(group), validation.Labelled(group));
        using var specialistTrainer = new KeypointTrainer(Tiny(network) with { BatchSize = 16, Seed = 7 }, specialistTrain, specialistValidation, Cpu);
        using (var untrained = specialistTrainer.ExportBest())
            Assert.NotEqual(expected[group[0]], untrained.Predict(probe, validation.Count)[0], 3);
        specialistTrainer.InitialiseFrom(baseline);
        using var specialist = specialistTrainer.ExportBest();
        var predicted = specialist.Predict(probe, validation.Count);
        for (int face = 0; face < validation.Count; face++)
            for (int c = 0; c < group.Count; c++)
                // Within 1e-4 px, not to 4 decimals: the CPU's summation order varies with the threads it gets.
                Assert.Equal(expected[face * KeypointSchema.ColumnCount + group[c]], predicted[face * group.Count + c], 1e-4);
    }

    [SkippableFact]
    public void The_label_mirror_comes_from_the_training_faces_or_the_baseline_and_survives_checkpoints()
    {
        var (train, validation) = Split(FkdSlice.Load(80), 16);
        using (var whole = new KeypointTrainer(Tiny("mlp"), train, validation, Cpu))
            Assert.Equal(LabelMirror.Estimate(train), whole.MirrorSum);

        // A nose tip has no mirror partner: nothing to estimate from, so Kaggle's value until a baseline gives its own.
        var nose = KeypointSchema.Specialist("nose-tip").Columns;
        using var specialist = new KeypointTrainer(Tiny("mlp"), train.Labelled(nose), validation.Labelled(nose), Cpu);
        Assert.Equal(KeypointSchema.LabelMirrorSum, specialist.MirrorSum);
        using var baseline = TrainedModel.FromNetwork("mlp", AllColumns, NetworkRegistry.Create("mlp", AllColumns.Length), TorchSharp.torch.CPU);
        baseline.MirrorSum = 96.9f;
        specialist.InitialiseFrom(baseline);
        Assert.Equal(96.9f, specialist.MirrorSum);
        using (var exported = specialist.ExportBest()) Assert.Equal(96.9f, exported.MirrorSum);

        var checkpoint = new MemoryStream();
        specialist.SaveCheckpoint(checkpoint);
        checkpoint.Position = 0;
        using var resumed = new KeypointTrainer(Tiny("mlp"), train.Labelled(nose), validation.Labelled(nose), Cpu);
        resumed.LoadCheckpoint(checkpoint);
        Assert.Equal(96.9f, resumed.MirrorSum);
    }

    [SkippableFact]
    public void Starting_from_an_unsuitable_baseline_is_refused()
    {
        var (train, validation) = Split(FkdSlice.Load(48), 16);
        var eyes = KeypointSchema.Specialist("eye-centers").Columns;
        using var trainer = new KeypointTrainer(Tiny("mlp"), train.Labelled(eyes), validation.Labelled(eyes), Cpu);
        using var otherNetwork = TrainedModel.FromNetwork("cnn-small", eyes, NetworkRegistry.Create("cnn-small", eyes.Count), TorchSharp.torch.CPU);
        using var mean = TrainedModel.Mean(train);
        var nose = KeypointSchema.Specialist("nose-tip").Columns;
        using var otherColumns = TrainedModel.FromNetwork("mlp", nose, NetworkRegistry.Create("mlp", nose.Count), TorchSharp.torch.CPU);
        Assert.Contains("'cnn-small'", Assert.Throws<ArgumentException>(() => trainer.InitialiseFrom(otherNetwork)).Message);
        Assert.Throws<ArgumentException>(() => trainer.InitialiseFrom(mean));
        Assert.Contains("left_eye_center_x", Assert.Throws<ArgumentException>(() => trainer.InitialiseFrom(otherColumns)).Message);
        trainer.RunEpoch();
        using var sameKind = TrainedModel.FromNetwork("mlp", eyes, NetworkRegistry.Create("mlp", eyes.Count), TorchSharp.torch.CPU);
        Assert.Throws<InvalidOperationException>(() => trainer.InitialiseFrom(sameKind));
    }

    [SkippableFact]
    public void A_checkpoint_for_another_optimizer_is_refused()
    {
        var (train, validation) = Split(FkdSlice.Load(48).Labelled(AllColumns), 16);
        using var nesterov = new KeypointTrainer(Tiny("mlp"), train, validation, Cpu);
        var checkpoint = new MemoryStream();
        nesterov.SaveCheckpoint(checkpoint);
        checkpoint.Position = 0;
        using var adamw = new KeypointTrainer(Tiny("mlp") with { Optimizer = TrainingRecipe.AdamW }, train, validation, Cpu);
        Assert.Contains("optimizer nesterov", Assert.Throws<InvalidDataException>(() => adamw.LoadCheckpoint(checkpoint)).Message);
    }

    [Fact]
    public void Unknown_optimizer_or_schedule_names_are_refused()
    {
        var faces = new FaceSet(new float[2 * KeypointSchema.PixelCount], [40, 40, 50, 50], [1, 2], [0, 1]);
        var (train, validation) = (faces.Select([0]), faces.Select([1]));
        Assert.Contains("adamw", Assert.Throws<ArgumentException>(() => new KeypointTrainer(Tiny("mlp") with { Optimizer = "adam" }, train, validation, Cpu)).Message);
        Assert.Contains("cosine", Assert.Throws<ArgumentException>(() => new KeypointTrainer(Tiny("mlp") with { Schedule = "step" }, train, validation, Cpu)).Message);
    }

    [SkippableFact]
    public void A_checkpoint_for_another_model_is_refused()
    {
        var (train, validation) = Split(FkdSlice.Load(64).Labelled(AllColumns), 16);
        using var mlp = new KeypointTrainer(Tiny("mlp"), train, validation, Cpu);
        var checkpoint = new MemoryStream();
        mlp.SaveCheckpoint(checkpoint);
        checkpoint.Position = 0;
        using var cnn = new KeypointTrainer(Tiny("cnn-small"), train, validation, Cpu);
        var error = Assert.Throws<InvalidDataException>(() => cnn.LoadCheckpoint(checkpoint));
        Assert.Contains("'mlp'", error.Message);
        Assert.Throws<InvalidDataException>(() => cnn.LoadCheckpoint(new MemoryStream([1, 2, 3])));
    }
}
