using KeypointGrains.Contracts.Storage;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Grains.Placement;
using KeypointGrains.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace KeypointGrains.Grains.Training;

/// <summary>
/// A durable shell around one model's <see cref="TrainingRun"/>: it persists every epoch, and whenever it is activated
/// (on any silo) with a run in progress it resumes from the last checkpoint.
/// </summary>
[AcceleratorPlacement]
public sealed class SpecialistTrainingGrain(
    [PersistentState("training", KeypointStorage.Name)] IPersistentState<SpecialistTrainingState> state,
    ICheckpointStore checkpoints,
    TrainingDataCache data,
    SiloDevice device,
    ILocalSiloDetails silo,
    ILogger<SpecialistTrainingGrain> log)
    : Grain, ISpecialistTrainingGrain, ITrainingProgressSink
{
    private TrainingRun? run;
    private IGrainTimer? keepAlive;

    private SpecialistTrainingState State => state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Phase == TrainingPhase.Training) await Resume();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        run?.Abandon();
        return Task.CompletedTask;
    }

    public async Task<SpecialistStatus> Start(TrainingAssignment assignment)
    {
        if (State.Assignment is null)
        {
            State.Assignment = assignment;
            State.Phase = TrainingPhase.Training;
            await state.WriteStateAsync();
        }
        else if (!State.Assignment.Model.Columns.SequenceEqual(assignment.Model.Columns))
        {
            throw new InvalidOperationException(
                $"{this.GetPrimaryKeyString()} already trains columns [{string.Join(",", State.Assignment.Model.Columns)}].");
        }
        if (State.Phase == TrainingPhase.Training && run is null) await Resume();
        return Status();
    }

    public Task<SpecialistStatus> GetStatus() => Task.FromResult(Status());

    public async Task<bool> RecordEpoch(Guid runId, EpochReport report)
    {
        if (run?.Id != runId) return false;
        var replaced = State.LatestCheckpoint;
        State.Epoch = report.Epoch;
        if (report.ValidationLoss < State.BestValidationLoss)
        {
            State.BestValidationLoss = report.ValidationLoss;
            State.BestEpoch = report.Epoch;
        }
        if (report.Checkpoint is not null) State.LatestCheckpoint = report.Checkpoint;
        await state.WriteStateAsync();
        if (report.Checkpoint is not null && replaced is not null && replaced != report.Checkpoint)
            await checkpoints.DeleteAsync(replaced);
        return true;
    }

    public async Task<bool> RecordCompletion(Guid runId, ModelCompletion completion)
    {
        if (run?.Id != runId) return false;
        State.Phase = TrainingPhase.Completed;
        State.Completion = completion;
        var trainerCheckpoint = State.LatestCheckpoint;
        State.LatestCheckpoint = null;
        await state.WriteStateAsync();
        StopRun();
        // The exported best model is all that serves from now on; the resumable trainer state can go.
        if (trainerCheckpoint is not null) await checkpoints.DeleteAsync(trainerCheckpoint);
        return true;
    }

    public async Task RecordFailure(Guid runId, string error)
    {
        if (run?.Id != runId) return;
        State.Phase = TrainingPhase.Failed;
        State.Error = error;
        await state.WriteStateAsync();
        StopRun();
    }

    private async Task Resume()
    {
        var assignment = State.Assignment
            ?? throw new InvalidOperationException($"{this.GetPrimaryKeyString()} is training without an assignment.");
        if (State.Epoch > 0)
        {
            State.Resumes++;
            await state.WriteStateAsync();
        }
        run = TrainingRun.Start(assignment, State.LatestCheckpoint,
            new TrainingServices(GrainFactory, checkpoints, data, device, silo.SiloAddress.ToString(), log));
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

    private SpecialistStatus Status() =>
        new(State.Assignment?.Model.Name ?? this.GetPrimaryKeyString(), State.Phase, State.Epoch, State.LatestCheckpoint,
            State.Completion, State.Error, silo.SiloAddress.ToString(), device.ToString(), State.Resumes)
        {
            InitialWeights = State.Assignment?.InitialWeights,
        };
}
