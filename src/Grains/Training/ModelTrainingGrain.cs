using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Storage;
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
/// names are kept; the next checkpoint stores it all. A write that finds the stored state changed by someone else means
/// another activation trains this model: this one lets go of its run.
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
        // A run that ended without a word (its grain was unreachable for too long) is started again.
        if (State.Phase == ModelPhase.Training && run is not { Ended: false }) await Resume();
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
            // Keep the newest older checkpoint as the fallback; newer ones belong to epochs this run went back past.
            var fallback = State.Checkpoints.FirstOrDefault(c => c.Epoch < checkpoint.Epoch);
            unreferenced.AddRange(State.Checkpoints.Where(c => c != fallback && c.Name != checkpoint.Name));
            (State.LatestCheckpoint, State.PreviousCheckpoint) = (checkpoint, fallback);
            try
            {
                await state.WriteStateAsync();
            }
            catch (InconsistentStateException)
            {
                LetGo("its stored state was changed by another activation");
                return EpochAnswer.Abandon;
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
        await Store(s =>
        {
            s.Phase = completion.EarlyStopped ? ModelPhase.EarlyStopped : ModelPhase.Finished;
            s.Completion = completion;
            (s.LatestCheckpoint, s.PreviousCheckpoint) = (null, null);
        });
        StopRun();
        // The exported best model is all that serves from now on; the resumable trainer state can go.
        unreferenced.AddRange(trainerCheckpoints);
        await DeleteUnreferenced();
        TellCoordinator();
        return true;
    }

    public async Task RecordFailure(Guid runId, string error)
    {
        if (run?.Id != runId) return;
        await Store(s =>
        {
            s.Phase = ModelPhase.Failed;
            s.Error = error;
        });
        StopRun();
        TellCoordinator();
    }

    /// <summary>Changes the state and stores it; a change that cannot be stored is undone, so that memory never claims an end storage does not know.</summary>
    private async Task Store(Action<ModelTrainingState> change)
    {
        var before = (State.Phase, State.Completion, State.Error, State.LatestCheckpoint, State.PreviousCheckpoint);
        change(State);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (State.Phase, State.Completion, State.Error, State.LatestCheckpoint, State.PreviousCheckpoint) = before;
            throw;
        }
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

    private void LetGo(string why)
    {
        log.LogWarning("{Model}: this activation lets go of its run: {Why}", this.GetPrimaryKeyString(), why);
        run?.Abandon();
        StopRun();
        this.DeactivateOnIdle();
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
        run = TrainingRun.Start(assignment, State.Checkpoints,
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
