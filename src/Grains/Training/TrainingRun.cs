using System.Diagnostics;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Telemetry;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Grains.Telemetry;
using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Training;
using Microsoft.Extensions.Logging;
using DomainEpochReport = KeypointGrains.Keypoints.Training.EpochReport;
using EpochReport = KeypointGrains.Contracts.Training.EpochReport;

namespace KeypointGrains.Grains.Training;

/// <summary>
/// One model's training loop on a thread of its own, off the Orleans scheduler: TorchSharp's work and dispose scopes
/// stay on this thread, and no grain turn is ever long. After each epoch it stores a checkpoint, hands the epoch to its
/// grain (which persists it) and reports to the coordinator, whose answer may stop it early.
/// </summary>
public sealed class TrainingRun
{
    private readonly TrainingAssignment assignment;
    private readonly CheckpointReference? resumeFrom;
    private readonly TrainingServices services;
    private readonly ITrainingProgressSink grain;
    private readonly ICampaignCoordinatorGrain coordinator;
    private volatile bool abandoned;
    private (double WriteSeconds, long FinishedAt)? lastCheckpoint;

    private TrainingRun(TrainingAssignment assignment, CheckpointReference? resumeFrom, TrainingServices services)
    {
        this.assignment = assignment;
        this.resumeFrom = resumeFrom;
        this.services = services;
        grain = services.Grains.GetGrain<ITrainingProgressSink>(assignment.GrainKey);
        coordinator = services.Grains.GetGrain<ICampaignCoordinatorGrain>(assignment.CampaignId);
    }

    public Guid Id { get; } = Guid.NewGuid();

    public static TrainingRun Start(TrainingAssignment assignment, CheckpointReference? resumeFrom, TrainingServices services)
    {
        var run = new TrainingRun(assignment, resumeFrom, services);
        new Thread(run.Run) { IsBackground = true, Name = $"train {assignment.GrainKey}" }.Start();
        return run;
    }

    /// <summary>The grain let go of this run: it finishes its current epoch, then ends without a word.</summary>
    public void Abandon() => abandoned = true;

    private void Run()
    {
        try
        {
            var (train, validation) = services.Data.Load(assignment);
            using var trainer = new KeypointTrainer(Options(), train, validation);
            if (resumeFrom is not null)
            {
                using var checkpoint = services.Checkpoints.OpenReadAsync(resumeFrom).GetAwaiter().GetResult();
                trainer.LoadCheckpoint(checkpoint);
                services.Log.LogInformation("{Model} resumes after epoch {Epoch} from {Checkpoint}",
                    assignment.GrainKey, trainer.Epoch, resumeFrom);
            }
            else if (assignment.InitialWeights is { } initialWeights)
            {
                using var stream = services.Checkpoints.OpenReadAsync(initialWeights).GetAwaiter().GetResult();
                using var start = TrainedModel.Load(stream, services.Device.TorchDevice);
                trainer.InitialiseFrom(start);
                services.Log.LogInformation("{Model} starts from {Source}'s best weights {Checkpoint}",
                    assignment.GrainKey, assignment.Model.StartsFrom, initialWeights);
            }

            bool stoppedByCoordinator = false;
            while (!trainer.Finished && !stoppedByCoordinator)
            {
                using var span = EpochSpan.Start(assignment);
                var epoch = trainer.RunEpoch();
                if (abandoned) return;
                var report = Report(epoch, StoreCheckpoint(trainer, epoch.Epoch));
                span.Record(report);
                if (!Call(() => grain.RecordEpoch(Id, report))) return;
                stoppedByCoordinator = Call(() => coordinator.ReportEpoch(report)) == TrainingDirective.Stop;
            }

            using var best = trainer.ExportBest();
            best.FlipAveraging = Preset(assignment)?.FlipAveraging ?? false;
            var bestModel = Write($"{assignment.CampaignId}/{assignment.Model.Name}/best-{trainer.Stopping.BestEpoch:D5}.model",
                trainer.Stopping.BestEpoch, best.Save);
            var completion = new ModelCompletion(assignment.Model.Name, assignment.Training.Network, assignment.Model.Columns,
                bestModel, trainer.Stopping.BestEpoch, trainer.Stopping.BestLoss, trainer.Epoch,
                EarlyStopped: trainer.Epoch < assignment.Training.MaxEpochsOf(assignment.Model));
            if (!Call(() => grain.RecordCompletion(Id, completion))) return;
            Call(async () => { await coordinator.ReportCompletion(completion); return true; });
        }
        catch (Exception error)
        {
            // Nothing may escape a thread of our own: an unhandled exception would end the silo's process.
            if (abandoned) return;
            services.Log.LogError(error, "Training {Model} failed", assignment.GrainKey);
            var message = $"{error.GetType().Name}: {error.Message}";
            try
            {
                grain.RecordFailure(Id, message).GetAwaiter().GetResult();
                coordinator.ReportFailure(assignment.Model.Name, message).GetAwaiter().GetResult();
            }
            catch (Exception reportError)
            {
                // The grain or coordinator is unreachable; the coordinator's watchdog will find the run and restart it.
                services.Log.LogError(reportError, "Could not report the failure of {Model}", assignment.GrainKey);
            }
        }
    }

    /// <summary>
    /// A grain call from this thread, retried while the cluster is only briefly unable to deliver it: when a silo dies,
    /// calls to the activations it hosted fail until membership declares it dead and the grain activates elsewhere.
    /// </summary>
    private T Call<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow + DeliveryPatience;
        while (true)
        {
            try
            {
                return call().GetAwaiter().GetResult();
            }
            catch (Exception error) when (error is OrleansException or TimeoutException && DateTime.UtcNow < deadline && !abandoned)
            {
                services.Log.LogWarning("{Model}: a grain call failed ({Error}); retrying", assignment.GrainKey, error.Message);
                Thread.Sleep(TimeSpan.FromSeconds(1));
            }
        }
    }

    private static readonly TimeSpan DeliveryPatience = TimeSpan.FromMinutes(3);

    private TrainingOptions Options()
    {
        var t = assignment.Training;
        var recipe = Preset(assignment) is { } preset
            ? (IsWholeFace(assignment) ? preset.Options : preset.SpecialistOptions)
            : new TrainingOptions
            {
                Model = t.Network, BatchSize = t.BatchSize,
                LearningRateStart = t.LearningRateStart, LearningRateEnd = t.LearningRateEnd,
                MomentumStart = t.MomentumStart, MomentumEnd = t.MomentumEnd,
            };
        // The coordinator stops by the plan's epochs and patience, so those always come from the plan.
        return recipe with
        {
            MaxEpochs = t.MaxEpochsOf(assignment.Model), Patience = t.Patience, Seed = t.Seed,
            ValidationFraction = t.ValidationFraction, Device = services.Device.TorchDevice,
            BatchAugmentations =
            [
                .. recipe.BatchAugmentations,
                .. Augmentations(assignment).PerBatch.Where(a => recipe.BatchAugmentations.All(own => own.Name != a.Name)),
            ],
        };
    }

    /// <summary>The plan's <c>--augment</c> names (the coordinator refused a plan whose names do not parse).</summary>
    internal static AugmentationPlan Augmentations(TrainingAssignment assignment) =>
        AugmentationRegistry.Parse(assignment.Training.Augment ?? "");

    internal static TrainingPreset? Preset(TrainingAssignment assignment) =>
        assignment.Training.Preset is { } name ? TrainingPresets.Resolve(name, assignment.Training.Network) : null;

    internal static bool IsWholeFace(TrainingAssignment assignment) =>
        assignment.Model.Columns.Count == Keypoints.Schema.KeypointSchema.ColumnCount;

    /// <summary>
    /// A resumable checkpoint every CheckpointEveryEpochs epochs, unless the last write was recent enough that another
    /// would push checkpointing past CheckpointOverhead of the training time; the grain deletes the one it replaces.
    /// </summary>
    private CheckpointReference? StoreCheckpoint(KeypointTrainer trainer, int epoch)
    {
        var t = assignment.Training;
        if (epoch % Math.Max(1, t.CheckpointEveryEpochs) != 0) return null;
        if (t.CheckpointOverhead > 0 && lastCheckpoint is { } last &&
            Stopwatch.GetElapsedTime(last.FinishedAt).TotalSeconds < last.WriteSeconds / t.CheckpointOverhead)
            return null;
        var started = Stopwatch.GetTimestamp();
        var written = Write($"{assignment.CampaignId}/{assignment.Model.Name}/trainer-{epoch:D5}.ckpt", epoch, trainer.SaveCheckpoint);
        lastCheckpoint = (Stopwatch.GetElapsedTime(started).TotalSeconds, Stopwatch.GetTimestamp());
        return written;
    }

    private CheckpointReference Write(string name, int epoch, Action<Stream> save)
    {
        var started = Stopwatch.GetTimestamp();
        var written = services.Checkpoints.WriteAsync(name, epoch, save).GetAwaiter().GetResult();
        KeypointTelemetry.Metrics.CheckpointWritten(assignment.CampaignId, assignment.Model.Name, services.Silo,
            services.Device.ToString(), written.Bytes, Stopwatch.GetElapsedTime(started));
        return written;
    }

    private EpochReport Report(DomainEpochReport epoch, CheckpointReference? checkpoint) =>
        new(assignment.Model.Name, epoch.Epoch, epoch.TrainLoss, epoch.ValidationLoss, epoch.ValidationRmsePixels,
            epoch.Seconds, epoch.ImagesPerSecond, services.Silo, services.Device.ToString(), checkpoint);
}
