using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Training;

namespace KeypointGrains.Keypoints.Tests.Training;

public class KeypointTrainerTests
{
    private static readonly int[] AllColumns = Enumerable.Range(0, KeypointSchema.ColumnCount).ToArray();

    private static (FaceSet Train, FaceSet Validation) Split(FaceSet faces, int validation) =>
        (faces.Select(Enumerable.Range(0, faces.Count - validation).ToArray()),
         faces.Select(Enumerable.Range(faces.Count - validation, validation).ToArray()));

    private static TrainingOptions Tiny(string model) =>
        new() { Model = model, MaxEpochs = 50, BatchSize = 32, Device = "cpu" };

    [SkippableFact]
    public void A_short_run_on_real_faces_lowers_the_validation_loss()
    {
        var (train, validation) = Split(FkdSlice.Load(300).Labelled(AllColumns), 48);
        using var trainer = new KeypointTrainer(Tiny("mlp") with { LearningRateStart = 0.01 }, train, validation);
        var reports = Enumerable.Range(0, 8).Select(_ => trainer.RunEpoch()).ToArray();

        Assert.True(reports[^1].ValidationLoss < reports[0].ValidationLoss,
            $"validation loss {reports[0].ValidationLoss} → {reports[^1].ValidationLoss}");
        Assert.Equal(Enumerable.Range(1, 8), reports.Select(r => r.Epoch));
        Assert.Equal(reports.Min(r => r.ValidationLoss), trainer.Stopping.BestLoss);
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
        using var trainer = new KeypointTrainer(Tiny("mlp"), train, validation);
        var report = trainer.RunEpoch();
        Assert.True(double.IsFinite(report.TrainLoss) && double.IsFinite(report.ValidationLoss), report.ToString());
    }

    [SkippableFact]
    public void The_same_seed_gives_the_same_run()
    {
        var (train, validation) = Split(FkdSlice.Load(96), 32);
        double[] Run()
        {
            using var trainer = new KeypointTrainer(Tiny("cnn-small"), train, validation);
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
            using var trainer = new KeypointTrainer(options, train, validation);
            if (disturb) TorchSharp.torch.rand(1000).Dispose();
            return trainer.RunEpoch().TrainLoss;
        }
        Assert.Equal(Run(disturb: false), Run(disturb: true));
    }

    [SkippableFact]
    public void A_resumed_run_repeats_the_next_epochs_of_an_uninterrupted_one()
    {
        // cnn-large: dropout and momentum both have to survive the checkpoint for the epochs to agree.
        var (train, validation) = Split(FkdSlice.Load(64).Labelled(AllColumns), 16);
        var options = Tiny("cnn-large") with { BatchSize = 16 };
        using var uninterrupted = new KeypointTrainer(options, train, validation);
        var expected = Enumerable.Range(0, 3).Select(_ => uninterrupted.RunEpoch()).ToArray();

        var checkpoint = new MemoryStream();
        using (var first = new KeypointTrainer(options, train, validation))
        {
            first.RunEpoch();
            first.SaveCheckpoint(checkpoint);
        }
        checkpoint.Position = 0;
        using var resumed = new KeypointTrainer(options, train, validation);
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
        Assert.Equal(uninterrupted.Stopping.BestEpoch, resumed.Stopping.BestEpoch);
    }

    [SkippableFact]
    public void Training_stops_at_max_epochs_with_the_best_weights_exported()
    {
        var (train, validation) = Split(FkdSlice.Load(96).Labelled(AllColumns), 32);
        using var trainer = new KeypointTrainer(Tiny("mlp") with { MaxEpochs = 4, LearningRateStart = 0.1, LearningRateEnd = 0.1 }, train, validation);
        while (!trainer.Finished) trainer.RunEpoch();
        Assert.Equal(4, trainer.Epoch);
        Assert.Throws<InvalidOperationException>(() => trainer.RunEpoch());

        using var best = trainer.ExportBest();
        var report = Evaluator.Evaluate(best, validation);
        Assert.Equal(Math.Sqrt(trainer.Stopping.BestLoss) * 48, report.RmsePixels, 3);
    }

    [SkippableFact]
    public void A_checkpoint_for_another_model_is_refused()
    {
        var (train, validation) = Split(FkdSlice.Load(64).Labelled(AllColumns), 16);
        using var mlp = new KeypointTrainer(Tiny("mlp"), train, validation);
        var checkpoint = new MemoryStream();
        mlp.SaveCheckpoint(checkpoint);
        checkpoint.Position = 0;
        using var cnn = new KeypointTrainer(Tiny("cnn-small"), train, validation);
        var error = Assert.Throws<InvalidDataException>(() => cnn.LoadCheckpoint(checkpoint));
        Assert.Contains("'mlp'", error.Message);
        Assert.Throws<InvalidDataException>(() => cnn.LoadCheckpoint(new MemoryStream([1, 2, 3])));
    }
}
