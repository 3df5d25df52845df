using System.Diagnostics;
using KeypointGrains.Contracts.Storage;
using KeypointGrains.Contracts.Telemetry;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Grains.Diagnostics;
using KeypointGrains.Grains.Telemetry;
using KeypointGrains.Grains.Threading;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Training;
using Microsoft.Extensions.Logging;

namespace KeypointGrains.Grains.Training;

/// <summary>
/// One model's training under its grain: the domain's <see cref="ModelRun"/> on a thread of the run's own, off the
/// Orleans scheduler, so no grain turn is ever long, with this run as its observer. After each epoch the observer sends
/// the grain one call, which records the epoch; the run reads its answer an epoch later rather than wait for it. The
/// trainer runs to the recipe's epoch limit unless the grain, having stored a stop (the coordinator's stopping policy, or
/// a user's), tells the run to finish after the epoch in training.
/// <para>
/// Storage outages are waited out: an epoch whose checkpoint cannot be stored goes on without one (the next epoch
/// tries again), while what the run cannot do without (reading its checkpoint, storing its best model) waits for
/// storage to return. A checkpoint that fails its seal is passed over for the one before it.
/// </para>
/// <para>
/// What the run stores is named with its generation (the grain's claim), and its checkpoints are created, never stored
/// over an existing one: a run of a stale activation can neither replace nor be replaced by the current one's. A
/// checkpoint refused that way means another run holds the model, and this one stops after the epoch.
/// </para>
/// </summary>
public sealed class TrainingRun
{
    private static readonly TimeSpan DeliveryPatience = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan LongestStorageWait = TimeSpan.FromSeconds(10);
    private readonly TrainingAssignment assignment;
    private readonly int generation;
    private readonly IReadOnlyList<CheckpointReference> resumeFrom;
    private readonly TrainingServices services;
    private readonly ITrainingProgressSink grain;
    private volatile bool abandoned;
    private volatile bool finishing;
    private volatile bool ended;
    private int? storedNoCheckpointSince;

    private TrainingRun(TrainingAssignment assignment, int generation, IReadOnlyList<CheckpointReference> resumeFrom, TrainingServices services)
    {
        this.assignment = assignment;
        this.generation = generation;
        this.resumeFrom = resumeFrom;
        this.services = services;
        grain = services.Grains.GetGrain<ITrainingProgressSink>(assignment.GrainKey);
    }

    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>The run has ended, whether or not its grain heard about it (it may not have been reachable).</summary>
    public bool Ended => ended;

    /// <summary>
    /// Starts the run outside the calling grain's context (its calls back into that grain must not be reentrant), from
    /// the first of <paramref name="resumeFrom"/> (newest first) that loads, or from the start. <paramref name="generation"/>
    /// is the grain's claim for this run.
    /// </summary>
    public static TrainingRun Start(TrainingAssignment assignment, int generation, IReadOnlyList<CheckpointReference> resumeFrom,
        TrainingServices services)
    {
        var run = new TrainingRun(assignment, generation, resumeFrom, services);
        Task.Run(run.RunAsync);
        return run;
    }

    /// <summary>The grain let go of this run: it finishes its current epoch, then ends without a word.</summary>
    public void Abandon() => abandoned = true;

    /// <summary>The grain stored a stop: the run finishes after its current epoch, best weights kept.</summary>
    public void Finish() => finishing = true;

    private async Task RunAsync()
    {
        using var torch = new WorkThread($"train {assignment.GrainKey}");
        KeypointTrainer? trainer = null;
        try
        {
            trainer = await torch.Run(CreateTrainer);
            var training = new ModelRun(trainer, checkpoints: assignment.Spec.Checkpoints);
            var epochs = new EpochsToGrain(this, trainer);
            var end = await torch.Run(() => training.Run(epochs));
            // The last epoch is recorded before the run completes, and its answer may be to let go.
            if (end == RunEnd.Abandoned || abandoned || await epochs.Answered == EpochAnswer.Abandon) return;
            services.Log.LogInformation("{Model}: its epoch reports took {Recording:F2} s to record; training waited {Waited:F2} s for them",
                assignment.GrainKey, epochs.Recording.TotalSeconds, epochs.Waited.TotalSeconds);

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
            ended = true;
        }
    }

    private KeypointTrainer CreateTrainer()
    {
        var (train, validation) = services.Data.Load(assignment.Spec);
        // The campaign's coordinator runs early stopping (its stopping policy hears every epoch): the run has no policy of its own.
        var trainer = new KeypointTrainer(assignment.Recipe, train, validation, new TrainerSetup { Device = services.Device.TorchDevice });
        try
        {
            if (resumeFrom.Any(checkpoint => Resumed(trainer, checkpoint))) return trainer;
            if (resumeFrom.Count > 0) services.Log.LogWarning("{Model}: none of its checkpoints loads; it trains again from the start", assignment.GrainKey);
            if (assignment.Spec.StartsFrom is { } source)
            {
                // The coordinator starts such a model only with its source's weights: never train one without them.
                var initialWeights = assignment.InitialWeights
                    ?? throw new InvalidOperationException($"{assignment.GrainKey} starts from {source}, but no weights of {source} were handed over.");
                using var stream = Persistently(() => services.Checkpoints.OpenReadAsync(initialWeights).GetAwaiter().GetResult(),
                    $"reading {initialWeights}");
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

    /// <summary>
    /// Loads <paramref name="checkpoint"/> into the trainer; false when it is missing or fails its seal (checked before
    /// anything is loaded), so that the next older one is tried.
    /// </summary>
    private bool Resumed(KeypointTrainer trainer, CheckpointReference checkpoint)
    {
        try
        {
            using var stream = Persistently(() => services.Checkpoints.OpenReadAsync(checkpoint).GetAwaiter().GetResult(), $"reading {checkpoint}");
            trainer.LoadCheckpoint(stream);
        }
        catch (Exception error) when (error is CorruptCheckpointException or FileNotFoundException)
        {
            services.Log.LogWarning("{Model} passes over checkpoint {Checkpoint}: {Error}", assignment.GrainKey, checkpoint, error.Message);
            return false;
        }
        services.Log.LogInformation("{Model} resumes after epoch {Epoch} from {Checkpoint}", assignment.GrainKey, trainer.Epoch, checkpoint);
        return true;
    }

    private ModelCompletion Complete(KeypointTrainer trainer)
    {
        using var best = trainer.ExportBest();
        best.FlipAveraging = assignment.Recipe.FlipAveraging;
        var name = $"{assignment.CampaignId}/{assignment.Model.Name}/best-{trainer.Record.BestEpoch:D5}-g{generation}.model";
        // Stored over a copy of this run's own: a write retried after its answer was lost may have landed.
        var bestModel = Persistently(() => Write(name, trainer.Record.BestEpoch, best.Save, services.Checkpoints.WriteAsync), $"storing {name}");
        // Whether it stopped early is the grain's to say: it gave the coordinator's stop.
        return new ModelCompletion(assignment.Model.Name, assignment.Recipe.Network, assignment.Spec.Columns, bestModel,
            trainer.Record.BestEpoch, trainer.Record.BestLoss, trainer.Epoch, EarlyStopped: false);
    }

    /// <summary>
    /// A grain call, retried while the cluster is only briefly unable to deliver it: when a silo dies, calls to the
    /// activations it hosted fail until membership declares it dead and the grain activates elsewhere.
    /// </summary>
    private async Task<T> Deliver<T>(Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        bool failed = false;
        while (true)
        {
            try
            {
                var answer = await call();
                if (failed) services.Log.LogInformation("{Model}: its grain answered again after {Seconds:F0} s", assignment.GrainKey, Stopwatch.GetElapsedTime(started).TotalSeconds);
                return answer;
            }
            catch (Exception error) when (error is OrleansException or TimeoutException && Stopwatch.GetElapsedTime(started) < DeliveryPatience && !abandoned)
            {
                if (!failed) services.Log.LogWarning("{Model}: its grain cannot be reached ({Error}); retrying every second", assignment.GrainKey, ExceptionText.OneLine(error));
                failed = true;
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    /// <summary>
    /// Storage I/O the run cannot go on without, on the torch thread: retried while storage is unavailable (one line when
    /// the wait starts, one when it ends), until the grain lets go of the run.
    /// </summary>
    private T Persistently<T>(Func<T> io, string what)
    {
        var started = Stopwatch.GetTimestamp();
        var pause = TimeSpan.FromSeconds(1);
        bool waited = false;
        while (true)
        {
            try
            {
                var result = io();
                if (waited) services.Log.LogInformation("{Model}: storage is back; {What} done after {Seconds:F0} s", assignment.GrainKey, what, Stopwatch.GetElapsedTime(started).TotalSeconds);
                return result;
            }
            catch (StorageUnavailableException error) when (!abandoned)
            {
                if (!waited) services.Log.LogWarning("{Model}: {What} waits for storage: {Error}", assignment.GrainKey, what, error.Message);
                waited = true;
                Thread.Sleep(pause);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestStorageWait.Ticks));
            }
        }
    }

    /// <summary>
    /// The resumable checkpoint that the run's cadence asks for (the grain keeps the last two). None while storage is
    /// unavailable: training goes on, and the next epoch tries again.
    /// </summary>
    private CheckpointReference? StoreCheckpoint(int epoch, Action<Stream> save)
    {
        try
        {
            var written = Write($"{TrainerCheckpointPrefix(assignment)}{epoch:D5}-g{generation}.ckpt", epoch,
                save, services.Checkpoints.CreateAsync);
            if (storedNoCheckpointSince is { } first)
                services.Log.LogInformation("{Model}: storage is back; checkpoint after epoch {Epoch} stored (none after epochs {First} to {Last})",
                    assignment.GrainKey, epoch, first, epoch - 1);
            storedNoCheckpointSince = null;
            return written;
        }
        catch (StorageUnavailableException error)
        {
            services.Log.LogWarning("{Model}: no checkpoint after epoch {Epoch}, training goes on: {Error}", assignment.GrainKey, epoch, error.Message);
            storedNoCheckpointSince ??= epoch;
            return null;
        }
        catch (CheckpointExistsException error)
        {
            services.Log.LogWarning("{Model}: checkpoint after epoch {Epoch} refused, another run holds this model; this run stops: {Error}",
                assignment.GrainKey, epoch, error.Message);
            KeypointTelemetry.Metrics.WriteRefused(assignment.CampaignId, assignment.Model.Name, services.Silo, "checkpoint");
            abandoned = true;
            return null;
        }
    }

    /// <summary>Storage I/O on the torch thread: the tensors are read as they are written, and nothing else runs there meanwhile.</summary>
    private CheckpointReference Write(string name, int epoch, Action<Stream> save,
        Func<string, int, Action<Stream>, CancellationToken, Task<CheckpointReference>> store)
    {
        var started = Stopwatch.GetTimestamp();
        var written = store(name, epoch, save, CancellationToken.None).GetAwaiter().GetResult();
        KeypointTelemetry.Metrics.CheckpointWritten(assignment.CampaignId, assignment.Model.Name, services.Silo,
            services.Device.ToString(), written.Bytes, Stopwatch.GetElapsedTime(started));
        return written;
    }

    /// <summary>What the names of a model's trainer checkpoints start with, whatever their run.</summary>
    public static string TrainerCheckpointPrefix(TrainingAssignment assignment) => $"{assignment.CampaignId}/{assignment.Model.Name}/trainer-";

    private EpochReport Report(EpochResult epoch, CheckpointReference? checkpoint, int bestEpoch) =>
        new(assignment.Model.Name, epoch.Epoch, epoch.TrainLoss, epoch.ValidationLoss, epoch.ValidationRmsePixels,
            epoch.Seconds, epoch.ImagesPerSecond, services.Silo, services.Device.ToString(), checkpoint)
        {
            BestEpoch = bestEpoch,
        };

    /// <summary>
    /// The run's observer: each epoch a span, its checkpoint stored under the run's generation, and its report sent to
    /// the grain without waiting: the grain's answer to an epoch (go on, finish, let go) is read at the end of the next
    /// one, so training waits on a grain call and its state write only while the previous report is still on its way. A
    /// stop the grain stores ends the run after the epoch in training (<see cref="Finish"/>); one in an answer, an epoch
    /// later. No report goes before the one before it was answered, so after a refusal nothing reaches the grain that
    /// could activate it again.
    /// </summary>
    private sealed class EpochsToGrain(TrainingRun run, KeypointTrainer trainer) : IModelRunObserver
    {
        private EpochSpan? span;
        private CheckpointReference? checkpoint;
        private long waitedTicks, recordingTicks;

        /// <summary>How long training waited for answers, and how long the reports took to be recorded.</summary>
        public TimeSpan Waited => TimeSpan.FromTicks(waitedTicks);
        public TimeSpan Recording => TimeSpan.FromTicks(Interlocked.Read(ref recordingTicks));

        /// <summary>The grain's answer to the last report sent (Continue before the first).</summary>
        public Task<EpochAnswer> Answered { get; private set; } = Task.FromResult(EpochAnswer.Continue);

        public void EpochStarting(int epoch) => span = EpochSpan.Start(run.assignment);

        public bool StoreCheckpoint(int epoch, Action<Stream> save)
        {
            if (run.abandoned) return false;
            checkpoint = run.StoreCheckpoint(epoch, save);
            return checkpoint is not null;
        }

        public RunDecision EpochEnded(EpochResult epoch)
        {
            var (epochSpan, stored) = (span, checkpoint);
            (span, checkpoint) = (null, null);
            var waiting = Stopwatch.GetTimestamp();
            var previous = Answered.GetAwaiter().GetResult();
            waitedTicks += Stopwatch.GetElapsedTime(waiting).Ticks;
            if (run.abandoned || previous == EpochAnswer.Abandon)
            {
                epochSpan?.Dispose();
                return RunDecision.Abandon;
            }
            var report = run.Report(epoch, stored, trainer.Record.BestEpoch);
            epochSpan?.Record(report);
            Answered = Send(report, epochSpan);
            return previous == EpochAnswer.Finish || run.finishing ? RunDecision.Finish : RunDecision.Continue;
        }

        /// <summary>Started on the run's thread, where the epoch's span is current, so the grain call is its child.</summary>
        private async Task<EpochAnswer> Send(EpochReport report, EpochSpan? epochSpan)
        {
            var sent = Stopwatch.GetTimestamp();
            using (epochSpan)
            {
                var answer = await run.Deliver(() => run.grain.RecordEpoch(run.Id, report));
                Interlocked.Add(ref recordingTicks, Stopwatch.GetElapsedTime(sent).Ticks);
                return answer;
            }
        }
    }
}
