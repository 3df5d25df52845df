using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Storage;
using KeypointGrains.Contracts.Telemetry;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Grains.Diagnostics;
using KeypointGrains.Grains.Placement;
using KeypointGrains.Grains.Storage;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace KeypointGrains.Grains.Training;

/// <summary>
/// A durable shell around one model's <see cref="TrainingRun"/>: it keeps the learning curve and the last two
/// checkpoints, resumes the run from them whenever it is activated (on any silo) in the middle of training, and tells
/// the coordinator when the model has ended.
/// <para>
/// While its state cannot be stored (a storage outage) the curve grows in memory and the checkpoints the stored state
/// names are kept; the next checkpoint stores it all. A write that failed without an answer may have landed, so the
/// next write first reads the stored state back: its own write (or the one before) lets it go on over its own ETag.
/// </para>
/// <para>
/// One writer per model: every run claims the state with a write that raises its generation, and every write is
/// conditioned on the ETag the activation last read or wrote. A partitioned silo's activation that goes on training
/// after the model was activated elsewhere has its next write refused, lets go of its run and deactivates; its
/// checkpoints carry its generation in their names and are never stored over an existing one.
/// </para>
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
    private readonly List<CheckpointReference> unreferenced = [];
    private TrainingRun? run;
    private IGrainTimer? keepAlive;
    // The id of the last write this activation knows stored, and of a write whose outcome it does not know.
    private Guid storedWrite;
    private Guid? unsureWrite;
    private bool fenced;

    private ModelTrainingState State => state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        storedWrite = State.WriteId;
        // An assignment stored before plans held model specs reads without its model; the coordinator's next Start (its
        // watchdog sends them) brings it.
        if (State.Phase == ModelPhase.Training && State.Assignment?.Model is not null) await Resume();
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
            await WriteStateOrLetGo();
        }
        else if (State.Assignment.Model is null)
        {
            // Stored before plans held model specs: the coordinator's assignment describes the same model, and now its spec.
            State.Assignment = State.Assignment with { Model = assignment.Model };
            await WriteStateOrLetGo();
        }
        else if (!State.Assignment.Spec.Columns.SequenceEqual(assignment.Spec.Columns))
        {
            throw new InvalidOperationException(
                $"{this.GetPrimaryKeyString()} already trains columns [{string.Join(",", State.Assignment.Spec.Columns)}].");
        }
        // A run that ended without a word (its grain was unreachable for too long) is started again.
        if (State.Phase == ModelPhase.Training && run is not { Ended: false }) await Resume();
        return Status();
    }

    public Task<TrainingStatus> GetStatus() => Task.FromResult(Status());

    public Task<IReadOnlyList<EpochReport>> GetHistory(int afterEpoch) =>
        Task.FromResult<IReadOnlyList<EpochReport>>(State.History.Where(e => e.Epoch > afterEpoch).ToArray());

    public async Task<TrainingStatus> Retry()
    {
        if (State.Phase != ModelPhase.Failed || State.Assignment?.Model is null) return Status();
        log.LogInformation("{Model} trains again after failing ({Error})", this.GetPrimaryKeyString(), State.Error);
        State.Phase = ModelPhase.Training;
        State.Error = null;
        (State.StopRequested, State.StoppedEarly) = (false, false);
        await WriteStateOrLetGo();
        await Resume();
        return Status();
    }

    public Task<TrainingStatus> RequestStop() => Stop(early: false);

    public Task<TrainingStatus> StopEarly() => Stop(early: true);

    private async Task<TrainingStatus> Stop(bool early)
    {
        if (State.Phase is ModelPhase.Training or ModelPhase.Pending && !State.StopRequested)
        {
            (State.StopRequested, State.StoppedEarly) = (true, early);
            await WriteStateOrLetGo();
            // Told at once, the run ends after the epoch in training instead of hearing it in an answer an epoch later.
            run?.Finish();
        }
        return Status();
    }

    public async Task<EpochAnswer> RecordEpoch(Guid runId, EpochReport report)
    {
        if (run?.Id != runId) return EpochAnswer.Abandon;
        // A run resumed from an older checkpoint repeats epochs: the repeat replaces what was reported before.
        State.EpochsRepeated += State.History.RemoveAll(e => e.Epoch >= report.Epoch);
        State.History.Add(report);
        if (!State.StopRequested)
        {
            double bestLoss = State.History.FirstOrDefault(e => e.Epoch == report.BestEpoch)?.ValidationLoss ?? report.ValidationLoss;
            Coordinator.EpochEnded(report.Model, report.Epoch, report.BestEpoch, bestLoss).Ignore();
        }
        if (report.Checkpoint is { } checkpoint)
        {
            // Keep the newest older checkpoint as the fallback; newer ones belong to epochs this run went back past.
            var fallback = State.Checkpoints.FirstOrDefault(c => c.Epoch < checkpoint.Epoch);
            unreferenced.AddRange(State.Checkpoints.Where(c => c != fallback && c.Name != checkpoint.Name));
            if (State.LatestCheckpoint is { } latest && checkpoint.Epoch < latest.Epoch) State.OlderCheckpointWrites++;
            (State.LatestCheckpoint, State.PreviousCheckpoint) = (checkpoint, fallback);
            try
            {
                if (!await WriteState()) return EpochAnswer.Abandon;
            }
            catch (Exception error)
            {
                log.LogWarning("{Model}: state after epoch {Epoch} not stored, training goes on and the next checkpoint stores it: {Error}",
                    this.GetPrimaryKeyString(), report.Epoch, ExceptionText.OneLine(error));
                return State.StopRequested ? EpochAnswer.Finish : EpochAnswer.Continue;
            }
            await DeleteUnreferenced();
        }
        return State.StopRequested ? EpochAnswer.Finish : EpochAnswer.Continue;
    }

    public async Task<bool> RecordCompletion(Guid runId, ModelCompletion completion)
    {
        if (run?.Id != runId) return false;
        var trainerCheckpoints = State.Checkpoints;
        if (!await Store(s =>
        {
            s.Phase = completion.EarlyStopped || s.StoppedEarly ? ModelPhase.EarlyStopped : ModelPhase.Finished;
            s.Completion = completion with { EarlyStopped = completion.EarlyStopped || s.StoppedEarly };
            (s.LatestCheckpoint, s.PreviousCheckpoint) = (null, null);
        })) return false;
        StopRun();
        // The exported best model is all that serves from now on; the resumable trainer state can go, that of runs that
        // died between writing a checkpoint and reporting it included.
        unreferenced.AddRange(trainerCheckpoints);
        await DeleteUnreferenced();
        await DeleteTrainerCheckpoints();
        TellCoordinator();
        return true;
    }

    public async Task RecordFailure(Guid runId, string error)
    {
        if (run?.Id != runId) return;
        if (!await Store(s =>
        {
            s.Phase = ModelPhase.Failed;
            s.Error = error;
        })) return;
        StopRun();
        TellCoordinator();
    }

    /// <summary>
    /// Changes the state and stores it; a change that cannot be stored, or whose write is refused, is undone, so that
    /// memory never claims an end storage does not know. False when refused: this activation has let go.
    /// </summary>
    private async Task<bool> Store(Action<ModelTrainingState> change)
    {
        var before = (State.Phase, State.Completion, State.Error, State.LatestCheckpoint, State.PreviousCheckpoint);
        change(State);
        bool stored = false;
        try
        {
            return stored = await WriteState();
        }
        finally
        {
            if (!stored) (State.Phase, State.Completion, State.Error, State.LatestCheckpoint, State.PreviousCheckpoint) = before;
        }
    }

    /// <summary>
    /// Stores the state unless another activation stored it since this one last read or wrote it: then this activation
    /// lets go and false is returned. A write that fails otherwise (storage unreachable, or its answer lost) throws; it may
    /// have landed, so the next write first reads the stored state back and goes on only over its own.
    /// </summary>
    private async Task<bool> WriteState()
    {
        if (unsureWrite is { } unsure && !await StoredIsOwn(unsure)) return Refused();
        var write = Guid.NewGuid();
        State.WriteId = write;
        try
        {
            await state.WriteStateAsync();
        }
        catch (InconsistentStateException)
        {
            // A storage client that retried a write whose first attempt landed meets that attempt's change: only another
            // activation's write refuses this one.
            unsureWrite = write;
            if (!await StoredIsOwn(write)) return Refused();
            return storedWrite == write || await WriteState();
        }
        catch
        {
            unsureWrite = write;
            throw;
        }
        (storedWrite, unsureWrite) = (write, null);
        return true;
    }

    /// <summary>For calls that cannot go on once refused: the caller hears why, and the next call finds the current activation.</summary>
    private async Task WriteStateOrLetGo()
    {
        if (!await WriteState())
            throw new InconsistentStateException($"{this.GetPrimaryKeyString()}: another activation of this model stored its state first.");
    }

    /// <summary>
    /// After a write whose outcome is unknown: reads the stored state back, adopting its ETag but keeping the state in
    /// memory (which holds epochs the stored one may lack). True when what is stored is that write or the one before it.
    /// </summary>
    private async Task<bool> StoredIsOwn(Guid unsure)
    {
        var memory = State;
        Guid stored;
        try
        {
            await state.ReadStateAsync();
            stored = State.WriteId;
        }
        finally
        {
            state.State = memory;
        }
        if (stored != unsure && stored != storedWrite) return false;
        log.LogInformation("{Model}: its write of unknown outcome {Outcome}; writes go on", this.GetPrimaryKeyString(),
            stored == unsure ? "was stored" : "was not stored");
        (storedWrite, unsureWrite) = (stored, null);
        return true;
    }

    private bool Refused()
    {
        var (campaign, model) = (State.Assignment?.CampaignId ?? "", State.Assignment?.Model?.Name ?? this.GetPrimaryKeyString());
        KeypointTelemetry.Metrics.WriteRefused(campaign, model, silo.SiloAddress.ToString(), "state");
        if (!fenced) KeypointTelemetry.Metrics.DuplicateActivation(campaign, model, silo.SiloAddress.ToString());
        fenced = true;
        LetGo("its state write was refused: another activation stored the state since this one read it");
        return false;
    }

    /// <summary>Deletes the checkpoints the stored state no longer names; one that cannot be deleted now is tried again later.</summary>
    private async Task DeleteUnreferenced()
    {
        foreach (var checkpoint in unreferenced.ToArray())
        {
            try
            {
                await checkpoints.DeleteAsync(checkpoint);
                unreferenced.Remove(checkpoint);
            }
            catch (Exception error)
            {
                log.LogWarning("{Model}: checkpoint {Checkpoint} not deleted yet: {Error}", this.GetPrimaryKeyString(), checkpoint, ExceptionText.OneLine(error));
                return;
            }
        }
    }

    private async Task DeleteTrainerCheckpoints()
    {
        try
        {
            await checkpoints.DeleteAllAsync(TrainingRun.TrainerCheckpointPrefix(State.Assignment!));
        }
        catch (Exception error)
        {
            log.LogWarning("{Model}: trainer checkpoints not deleted: {Error}", this.GetPrimaryKeyString(), ExceptionText.OneLine(error));
        }
    }

    private void LetGo(string why)
    {
        log.LogWarning("{Model}: this activation lets go of its run: {Why}", this.GetPrimaryKeyString(), why);
        run?.Abandon();
        StopRun();
        this.DeactivateOnIdle();
    }

    /// <summary>One-way: the coordinator may be calling this grain right now. A lost message is found by its watchdog.</summary>
    private void TellCoordinator() => Coordinator.ModelEnded(Status()).Ignore();

    /// <summary>The campaign's coordinator, told things one-way only: it may be calling this grain (see ICampaignCoordinatorGrain).</summary>
    private ICampaignCoordinatorGrain Coordinator => GrainFactory.GetGrain<ICampaignCoordinatorGrain>(State.Assignment!.CampaignId);

    private async Task Resume()
    {
        var assignment = State.Assignment
            ?? throw new InvalidOperationException($"{this.GetPrimaryKeyString()} is training without an assignment.");
        if (State.History.Count > 0) State.Resumes++;
        // The claim: from this write on, the writes of any older activation of this model are refused.
        State.Generation++;
        await WriteStateOrLetGo();
        run = TrainingRun.Start(assignment, State.Generation, State.Checkpoints,
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
        return new TrainingStatus(State.Assignment?.Model?.Name ?? this.GetPrimaryKeyString(), State.Phase, history.LastOrDefault(),
            best, State.LatestCheckpoint, State.Completion, State.Error, silo.SiloAddress.ToString(), device.ToString(),
            State.Resumes, State.EpochsRepeated, State.Assignment?.Model?.Recipe)
        {
            InitialWeights = State.Assignment?.InitialWeights,
            Generation = State.Generation,
            OlderCheckpointWrites = State.OlderCheckpointWrites,
        };
    }
}
