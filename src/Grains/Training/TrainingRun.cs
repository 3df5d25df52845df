using System.Diagnostics;
using KeypointGrains.Contracts.Telemetry;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Grains.Telemetry;
using KeypointGrains.Grains.Threading;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Training;
using Microsoft.Extensions.Logging;

namespace KeypointGrains.Grains.Training;

/// <summary>
/// One model's training loop. Torch work (loading, epochs, checkpoints) runs on a thread of the run's own, off the
/// Orleans scheduler, so no grain turn is ever long; between epochs the loop awaits one grain call, which records the
/// epoch and may ask it to finish. The trainer alone decides when training ends (epoch limit or early stopping).
/// </summary>
public sealed class TrainingRun
{
    private static readonly TimeSpan DeliveryPatience = TimeSpan.FromMinutes(3);
    private readonly TrainingAssignment assignment;
    private readonly CheckpointReference? resumeFrom;
    private readonly TrainingServices services;
    private readonly ITrainingProgressSink grain;
    private volatile bool abandoned;
    private (double WriteSeconds, long FinishedAt)? lastCheckpoint;

    private TrainingRun(TrainingAssignment assignment, CheckpointReference? resumeFrom, TrainingServices services)
    {
        this.assignment = assignment;
        this.resumeFrom = resumeFrom;
        this.services = services;
        grain = services.Grains.GetGrain<ITrainingProgressSink>(assignment.GrainKey);
    }

    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>Starts the run outside the calling grain's context (its calls back into that grain must not be reentrant).</summary>
    public static TrainingRun Start(TrainingAssignment assignment, CheckpointReference? resumeFrom, TrainingServices services)
    {
        var run = new TrainingRun(assignment, resumeFrom, services);
        Task.Run(run.RunAsync);
        return run;
    }

    /// <summary>The grain let go of this run: it finishes its current epoch, then ends without a word.</summary>
    public void Abandon() => abandoned = true;

    private async Task RunAsync()
    {
        using var torch = new WorkThread($"train {assignment.GrainKey}");
        KeypointTrainer? trainer = null;
        try
        {
            trainer = await torch.Run(CreateTrainer);
            var answer = EpochAnswer.Continue;
            while (!trainer.Finished && answer == EpochAnswer.Continue)
            {
                using var span = EpochSpan.Start(assignment);
                var report = await torch.Run(() =>
                {
                    var epoch = trainer.RunEpoch();
                    return Report(epoch, abandoned ? null : StoreCheckpoint(trainer, epoch.Epoch), trainer.Stopping.BestEpoch);
                });
                if (abandoned) return;
                span.Record(report);
                answer = await Deliver(() => grain.RecordEpoch(Id, report));
            }
            if (answer == EpochAnswer.Abandon || abandoned) return;

            var completion = await torch.Run(() => Complete(trainer));
            await Deliver(() => grain.RecordCompletion(Id, completion));
        }
        catch (Exception error)
        {
            if (abandoned) return;
            // The status gets one line; the trace, native frames and all, goes to the silo's log.
            services.Log.LogError(error, "Training {Model} failed", assignment.GrainKey);
            var summary = services.FailureLog.Summarise(error, services.Silo);
            try
            {
                await Deliver(async () => { await grain.RecordFailure(Id, summary); return true; });
            }
            catch (Exception reportError)
            {
                // The grain is unreachable; the coordinator's watchdog will find the run and restart it.
                services.Log.LogError(reportError, "Could not report the failure of {Model}", assignment.GrainKey);
            }
        }
        finally
        {
            if (trainer is not null) await torch.Run(trainer.Dispose);
        }
    }

    private KeypointTrainer CreateTrainer()
    {
        var (train, validation) = services.Data.Load(assignment);
        var trainer = new KeypointTrainer(RecipeOptions.For(assignment.Recipe, services.Device.TorchDevice), train, validation);
        try
        {
            if (resumeFrom is not null)
            {
                using var checkpoint = services.Checkpoints.OpenReadAsync(resumeFrom).GetAwaiter().GetResult();
                trainer.LoadCheckpoint(checkpoint);
                services.Log.LogInformation("{Model} resumes after epoch {Epoch} from {Checkpoint}",
                    assignment.GrainKey, trainer.Epoch, resumeFrom);
            }
            else if (assignment.Model.StartsFrom is { } source)
            {
                // The coordinator starts such a model only with its source's weights: never train one without them.
                var initialWeights = assignment.InitialWeights
                    ?? throw new InvalidOperationException($"{assignment.GrainKey} starts from {source}, but no weights of {source} were handed over.");
                using var stream = services.Checkpoints.OpenReadAsync(initialWeights).GetAwaiter().GetResult();
                using var start = TrainedModel.Load(stream, services.Device.TorchDevice);
                trainer.InitialiseFrom(start);
                services.Log.LogInformation("{Model} starts from {Source}'s best weights {Checkpoint}", assignment.GrainKey, source, initialWeights);
            }
            return trainer;
        }
        catch
        {
            trainer.Dispose();
            throw;
        }
    }

    private ModelCompletion Complete(KeypointTrainer trainer)
    {
        using var best = trainer.ExportBest();
        best.FlipAveraging = assignment.Recipe.FlipAveraging;
        var bestModel = Write($"{assignment.CampaignId}/{assignment.Model.Name}/best-{trainer.Stopping.BestEpoch:D5}.model",
            trainer.Stopping.BestEpoch, best.Save);
        return new ModelCompletion(assignment.Model.Name, assignment.Recipe.Network, assignment.Model.Columns, bestModel,
            trainer.Stopping.BestEpoch, trainer.Stopping.BestLoss, trainer.Epoch, EarlyStopped: trainer.Stopping.ShouldStop);
    }

    /// <summary>
    /// A grain call, retried while the cluster is only briefly unable to deliver it: when a silo dies, calls to the
    /// activations it hosted fail until membership declares it dead and the grain activates elsewhere.
    /// </summary>
    private async Task<T> Deliver<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow + DeliveryPatience;
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception error) when (error is OrleansException or TimeoutException && DateTime.UtcNow < deadline && !abandoned)
            {
                services.Log.LogWarning("{Model}: a grain call failed ({Error}); retrying", assignment.GrainKey, error.Message);
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    /// <summary>
    /// A resumable checkpoint every EveryEpochs epochs, unless the last write was recent enough that another would push
    /// checkpointing past the policy's share of the training time; the grain deletes the one it replaces.
    /// </summary>
    private CheckpointReference? StoreCheckpoint(KeypointTrainer trainer, int epoch)
    {
        var policy = assignment.Checkpoints;
        if (epoch % Math.Max(1, policy.EveryEpochs) != 0) return null;
        if (policy.Overhead > 0 && lastCheckpoint is { } last &&
            Stopwatch.GetElapsedTime(last.FinishedAt).TotalSeconds < last.WriteSeconds / policy.Overhead)
            return null;
        var started = Stopwatch.GetTimestamp();
        var written = Write($"{assignment.CampaignId}/{assignment.Model.Name}/trainer-{epoch:D5}.ckpt", epoch, trainer.SaveCheckpoint);
        lastCheckpoint = (Stopwatch.GetElapsedTime(started).TotalSeconds, Stopwatch.GetTimestamp());
        return written;
    }

    /// <summary>Storage I/O on the torch thread: the tensors are read as they are written, and nothing else runs there meanwhile.</summary>
    private CheckpointReference Write(string name, int epoch, Action<Stream> save)
    {
        var started = Stopwatch.GetTimestamp();
        var written = services.Checkpoints.WriteAsync(name, epoch, save).GetAwaiter().GetResult();
        KeypointTelemetry.Metrics.CheckpointWritten(assignment.CampaignId, assignment.Model.Name, services.Silo,
            services.Device.ToString(), written.Bytes, Stopwatch.GetElapsedTime(started));
        return written;
    }

    private EpochReport Report(EpochResult epoch, CheckpointReference? checkpoint, int bestEpoch) =>
        new(assignment.Model.Name, epoch.Epoch, epoch.TrainLoss, epoch.ValidationLoss, epoch.ValidationRmsePixels,
            epoch.Seconds, epoch.ImagesPerSecond, services.Silo, services.Device.ToString(), checkpoint)
        {
            BestEpoch = bestEpoch,
        };
}
