using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Tests.Training;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Keypoints.Tuning;

namespace KeypointGrains.Keypoints.Tests.Tuning;

public class LocalSearchTests
{
    [SkippableFact]
    public void Asha_trains_fewer_epochs_and_a_paused_trial_resumes_as_if_it_had_never_stopped()
    {
        var faces = FkdSlice.Load(160);
        var (train, validation) = DataSplit.GroupedTrainValidation(faces, 0.25, seed: 1);
        var options = TrainingPresets.Resolve(TrainingPresets.Quick, "mlp").Recipe;
        var trials = SearchSpace.Parse(["lr=1e-4..1e-2", "batch=16,32"]).Sample(4, seed: 3);
        var search = new LocalSearch(train, validation, options, trials,
            minEpochs: 1, maxEpochs: 3, reduction: 3, new TrainerSetup { Device = "cpu" });

        var asha = search.Asha();
        var full = search.Full();

        Assert.Equal(4 * 3, full.Sum(t => t.Epochs));
        Assert.Equal(4, asha.Count);
        Assert.InRange(asha.Sum(t => t.Epochs), 4 + 2, 4 * 3 - 1);
        Assert.Contains(asha, t => t.Epochs == 3);
        // Each ASHA trial's curve, paused at rungs and resumed from its checkpoint, is the start of its uninterrupted one.
        Assert.All(asha, trial =>
        {
            var uninterrupted = full.Single(t => t.Trial.Number == trial.Trial.Number).Curve.RmsePixels;
            Assert.Equal(uninterrupted.Take(trial.Epochs).Select(r => Math.Round(r, 4)), trial.Curve.RmsePixels.Select(r => Math.Round(r, 4)));
        });
    }
}
