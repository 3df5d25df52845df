using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Storage;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Grains.Placement;
using KeypointGrains.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace KeypointGrains.Grains.Training;

/// <summary>
/// A durable shell around one model's <see cref="TrainingRun"/>: it keeps the learning curve and the latest checkpoint,
/// resumes the run from that checkpoint whenever it is activated (on any silo) in the middle of training, and tells the
/// coordinator when the model has ended.
/// </summary>
[AcceleratorPlacement]
public sealed class ModelTrainingGrain(
    [PersistentState("training", KeypointStorage.Name)] IPersistentState<ModelTrainingState> state,
    ICheckpointStore checkpoints,
    TrainingDataCache data,
    SiloDevice device,
    ILocalSiloDetails silo,
    FailureLog failureLog,
    ILogger<ModelTrainingGrain> log)
    : Grain, IModelTrainingGrain, ITrainingProgressSink
{
    private TrainingRun? run;
    private IGrainTimer? keepAlive;

    private ModelTrainingState State => state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Phase == ModelPhase.Training) await Resume();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        run?.Abandon();
        return Task.CompletedTask;
    }

    public async Task<TrainingStatus> Start(TrainingAssignment assignment)
    {
        if (State.Assignment is null)
        {
            State.Assignment = assignment;
            State.Phase = ModelPhase.Training;
            await state.WriteStateAsync();
        }
        else if (!State.Assignment.Model.Columns.SequenceEqual(assignment.Model.Columns))
        {
            throw new InvalidOperationException(
                $"{this.GetPrimaryKeyString()} already trains columns [{string.Join(",", State.Assignment.Model.Columns)}].");
        }
        if (State.Phase == ModelPhase.Training && run is null) await Resume();
        return Status();
    }

    public Task<TrainingStatus> GetStatus() => Task.FromResult(Status());

    public Task<IReadOnlyList<EpochReport>> GetHistory(int afterEpoch) =>
        Task.FromResult<IReadOnlyList<EpochReport>>(State.History.Where(e => e.Epoch > afterEpoch).ToArray());

    public async Task<TrainingStatus> Retry()
    {
        if (State.Phase != ModelPhase.Failed || State.Assignment is null) return Status();
        log.LogInformation("{Model} trains again after failing ({Error})", this.GetPrimaryKeyString(), State.Error);
        State.Phase = ModelPhase.Training;
        State.Error = null;
        State.StopRequested = false;
        await state.WriteStateAsync();
        await Resume();
        return Status();
    }

    public async Task<TrainingStatus> RequestStop()
    {
        if (State.Phase is ModelPhase.Training or ModelPhase.Pending && !State.StopRequested)
        {
            State.StopRequested = true;
            await state.WriteStateAsync();
        }
        return Status();
    }

    public async Task<EpochAnswer> RecordEpoch(Guid runId, EpochReport report)
    {
        if (run?.Id != runId) return EpochAnswer.Abandon;
        // A run resumed from an older checkpoint repeats epochs: the repeat replaces what was reported before.
        State.EpochsRepeated += State.History.RemoveAll(e => e.Epoch >= report.Epoch);
        State.History.Add(report);
        if (report.Checkpoint is { } checkpoint)
        {
            var replaced = State.LatestCheckpoint;
            State.LatestCheckpoint = checkpoint;
            await state.WriteStateAsync();
            if (replaced is not null && replaced != checkpoint) await checkpoints.DeleteAsync(replaced);
        }
        return State.StopRequested ? EpochAnswer.Finish : EpochAnswer.Continue;
    }

    public async Task<bool> RecordCompletion(Guid runId, ModelCompletion completion)
    {
        if (run?.Id != runId) return false;
        State.Phase = completion.EarlyStopped ? ModelPhase.EarlyStopped : ModelPhase.Finished;
        State.Completion = completion;
        var trainerCheckpoint = State.LatestCheckpoint;
        State.LatestCheckpoint = null;
        await state.WriteStateAsync();
        StopRun();
        // The exported best model is all that serves from now on; the resumable trainer state can go.
        if (trainerCheckpoint is not null) await checkpoints.DeleteAsync(trainerCheckpoint);
        TellCoordinator();
        return true;
    }

    public async Task RecordFailure(Guid runId, string error)
    {
        if (run?.Id != runId) return;
        State.Phase = ModelPhase.Failed;
        State.Error = error;
        await state.WriteStateAsync();
        StopRun();
        TellCoordinator();
    }

    /// <summary>One-way: the coordinator may be calling this grain right now. A lost message is found by its watchdog.</summary>
    private void TellCoordinator() =>
        GrainFactory.GetGrain<ICampaignCoordinatorGrain>(State.Assignment!.CampaignId).ModelEnded(Status()).Ignore();

    private async Task Resume()
    {
        var assignment = State.Assignment
            ?? throw new InvalidOperationException($"{this.GetPrimaryKeyString()} is training without an assignment.");
        if (State.History.Count > 0)
        {
            State.Resumes++;
            await state.WriteStateAsync();
        }
        run = TrainingRun.Start(assignment, State.LatestCheckpoint,
            new TrainingServices(GrainFactory, checkpoints, data, device, silo.SiloAddress.ToString(), failureLog, log));
        // The run talks to this grain only once per epoch; keep the activation from being collected as idle meanwhile.
        keepAlive ??= this.RegisterGrainTimer(() => Task.CompletedTask,
            new GrainTimerCreationOptions(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)) { KeepAlive = true });
    }

    private void StopRun()
    {
        run = null;
        keepAlive?.Dispose();
        keepAlive = null;
    }

    private TrainingStatus Status()
    {
        var history = State.History;
        var best = history.Where(e => !double.IsNaN(e.ValidationLoss)).MinBy(e => e.ValidationLoss);
        return new TrainingStatus(State.Assignment?.Model.Name ?? this.GetPrimaryKeyString(), State.Phase, history.LastOrDefault(),
            best, State.LatestCheckpoint, State.Completion, State.Error, silo.SiloAddress.ToString(), device.ToString(),
            State.Resumes, State.EpochsRepeated, State.Assignment?.Recipe)
        {
            InitialWeights = State.Assignment?.InitialWeights,
        };
    }
}
