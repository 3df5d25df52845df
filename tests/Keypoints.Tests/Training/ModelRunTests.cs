using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Specs;

namespace KeypointGrains.Keypoints.Tests.Training;

/// <summary>The one epoch loop: how it ends (epoch limit, stopping policy, observer, cancellation) and its checkpoint cadence.</summary>
public class ModelRunTests
{
    private static readonly TrainerSetup Cpu = new() { Device = "cpu" };

    // At learning rate 0 no epoch improves on the first, so patience 0 says stop after the second.
    private static readonly TrainingRecipe Stuck = new()
    {
        Network = "mlp", MaxEpochs = 4, BatchSize = 32, Patience = 0, LearningRateStart = 0, LearningRateEnd = 0,
    };

    private static (FaceSet Train, FaceSet Validation) Faces()
    {
        var faces = FkdSlice.Load(64);
        return (faces.Select(Enumerable.Range(0, 48).ToArray()), faces.Select(Enumerable.Range(48, 16).ToArray()));
    }

    [SkippableFact]
    public void A_run_ends_at_the_epoch_limit_or_where_its_stopping_policy_says_and_a_stopped_run_resumed_stays_stopped()
    {
        var (train, validation) = Faces();
        using var free = new KeypointTrainer(Stuck, train, validation, Cpu);
        Assert.Equal((RunEnd.Completed, 4), (new ModelRun(free).Run(new EpochProgress()), free.Epoch));

        using var patient = new KeypointTrainer(Stuck, train, validation, Cpu);
        var patience = new PatienceStopping(Stuck.Patience);
        Assert.Equal((RunEnd.Stopped, 2), (new ModelRun(patient, patience).Run(new EpochProgress()), patient.Epoch));
        using var saved = new MemoryStream();
        patient.SaveCheckpoint(saved);

        using var resumed = new KeypointTrainer(Stuck, train, validation, Cpu);
        resumed.LoadCheckpoint(new MemoryStream(saved.ToArray()));
        var epochs = new List<int>();
        Assert.Equal(RunEnd.Stopped, new ModelRun(resumed, patience).Run(new EpochProgress(e => epochs.Add(e.Epoch))));
        Assert.Empty(epochs);
    }

    [SkippableTheory]
    [InlineData(RunDecision.Finish, RunEnd.Stopped)]
    [InlineData(RunDecision.Abandon, RunEnd.Abandoned)]
    public void The_observer_ends_a_run_after_the_epoch_it_answers(RunDecision answer, RunEnd end)
    {
        var (train, validation) = Faces();
        using var trainer = new KeypointTrainer(Stuck, train, validation, Cpu);
        var observer = new Recording(epoch => epoch == 2 ? answer : RunDecision.Continue);
        Assert.Equal(end, new ModelRun(trainer).Run(observer));
        Assert.Equal([1, 2], observer.Started);
        Assert.Equal([1, 2], observer.Ended);
    }

    [SkippableFact]
    public void A_cancelled_run_ends_between_epochs()
    {
        var (train, validation) = Faces();
        using var trainer = new KeypointTrainer(Stuck, train, validation, Cpu);
        using var cancellation = new CancellationTokenSource();
        var observer = new Recording(_ =>
        {
            cancellation.Cancel();
            return RunDecision.Continue;
        });
        Assert.Equal(RunEnd.Cancelled, new ModelRun(trainer).Run(observer, cancellation.Token));
        Assert.Equal(1, trainer.Epoch);
    }

    [SkippableTheory]
    // Every other epoch, and the rung at 3 whatever the cadence says.
    [InlineData(2, 0, new[] { 3 }, new[] { 1, 2, 3, 4 }, new[] { 2, 3, 4 })]
    // A budget so small that after the first write no epoch is long enough to earn another; a refused store is asked again.
    [InlineData(1, 1e-9, new int[0], new[] { 2, 3, 4 }, new[] { 1, 2 })]
    public void Checkpoints_are_asked_for_as_the_policy_says_and_again_after_one_that_was_not_stored(int everyEpochs, double overhead,
        int[] alwaysAfter, int[] storedAt, int[] asked)
    {
        var (train, validation) = Faces();
        using var trainer = new KeypointTrainer(Stuck, train, validation, Cpu);
        var policy = new CheckpointPolicy { EveryEpochs = everyEpochs, Overhead = overhead, AlwaysAfter = alwaysAfter };
        var observer = new Recording(_ => RunDecision.Continue, storedAt);
        new ModelRun(trainer, checkpoints: policy).Run(observer);
        Assert.Equal(asked, observer.CheckpointsAsked);
        // What the run hands over to store is its trainer's checkpoint: it loads.
        using var resumed = new KeypointTrainer(Stuck, train, validation, Cpu);
        resumed.LoadCheckpoint(new MemoryStream(observer.LastStored!));
        Assert.Equal(asked.Last(e => storedAt.Contains(e)), resumed.Epoch);
    }

    private sealed class Recording(Func<int, RunDecision> answer, int[]? storedAt = null) : IModelRunObserver
    {
        public List<int> Started { get; } = [];
        public List<int> Ended { get; } = [];
        public List<int> CheckpointsAsked { get; } = [];
        public byte[]? LastStored { get; private set; }

        public void EpochStarting(int epoch) => Started.Add(epoch);

        public bool StoreCheckpoint(int epoch, Action<Stream> save)
        {
            CheckpointsAsked.Add(epoch);
            if (storedAt?.Contains(epoch) != true) return false;
            using var stream = new MemoryStream();
            save(stream);
            LastStored = stream.ToArray();
            return true;
        }

        public RunDecision EpochEnded(EpochResult epoch)
        {
            Ended.Add(epoch.Epoch);
            return answer(epoch.Epoch);
        }
    }
}
