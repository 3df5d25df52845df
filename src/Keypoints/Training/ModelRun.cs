using System.Diagnostics;
using KeypointGrains.Specs;

namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// The one epoch loop: it trains <paramref name="trainer"/> epoch by epoch, stores a checkpoint when
/// <paramref name="checkpoints"/>' cadence says (none when null), and ends when the recipe's MaxEpochs are trained, when
/// <paramref name="stopping"/> says stop (null: never, where a coordinator decides), when the observer says finish or
/// let go, or when cancelled between epochs. The training grain, kg train, the studies, the searches and the benchmarks
/// are its observers; the trainer itself (set up, resumed or started from a baseline) stays the caller's.
/// </summary>
public sealed class ModelRun(KeypointTrainer trainer, IStoppingPolicy? stopping = null, CheckpointPolicy? checkpoints = null)
{
    private readonly CheckpointCadence? cadence = checkpoints is null ? null : new CheckpointCadence(checkpoints);

    public KeypointTrainer Trainer => trainer;

    /// <summary>Trains until the run ends, on the calling thread; an exception of the trainer or the observer ends it too.</summary>
    public RunEnd Run(IModelRunObserver observer, CancellationToken cancellation = default)
    {
        // A resumed run that had stopped already stays stopped.
        if (trainer.Epoch > 0 && PolicyStops()) return RunEnd.Stopped;
        while (!trainer.Finished)
        {
            if (cancellation.IsCancellationRequested) return RunEnd.Cancelled;
            observer.EpochStarting(trainer.Epoch + 1);
            var epoch = trainer.RunEpoch();
            if (cadence?.Due(epoch.Epoch) == true)
            {
                var started = Stopwatch.GetTimestamp();
                if (observer.StoreCheckpoint(epoch.Epoch, trainer.SaveCheckpoint)) cadence.Written(Stopwatch.GetElapsedTime(started));
            }
            switch (observer.EpochEnded(epoch))
            {
                case RunDecision.Abandon: return RunEnd.Abandoned;
                case RunDecision.Finish: return RunEnd.Stopped;
            }
            if (PolicyStops()) return RunEnd.Stopped;
        }
        return RunEnd.Completed;
    }

    private bool PolicyStops() => stopping?.ShouldStop(trainer.Record.LastEpoch, trainer.Record.BestEpoch) == true;
}
