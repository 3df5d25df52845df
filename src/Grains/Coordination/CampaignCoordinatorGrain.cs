using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Contracts.Telemetry;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Grains.Diagnostics;
using KeypointGrains.Grains.Storage;
using KeypointGrains.Scheduling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace KeypointGrains.Grains.Coordination;

/// <summary>
/// Runs one campaign: starts its training grains, records how each model ends, and publishes a new ensemble manifest
/// version whenever one finishes. A model that starts from another one's weights stays pending until that one has
/// finished, and is skipped if it failed; it stops a model early when its stopping policy says so (those decisions are
/// <see cref="CampaignSchedule"/>'s). Progress and learning curves are read
/// from the training grains, which own them. A watchdog timer (and a reminder, so that a restarted cluster picks the
/// campaign up again) pokes unfinished models, which resumes a model whose silo died on a live one; silos also call
/// <see cref="Resume"/> when they start or see another silo die (<see cref="CampaignResumer"/>). State that cannot be
/// stored (a storage outage) is stored again at the next watchdog tick.
/// <para>
/// Non-reentrant, and safe so: training grains answer its calls without calling back, and tell it of epochs and ends
/// with one-way messages only (a test holds the training grains to that).
/// </para>
/// </summary>
public sealed class CampaignCoordinatorGrain(
    [PersistentState("campaign", KeypointStorage.Name)] IPersistentState<CampaignState> state,
    IOptions<CoordinatorOptions> options,
    ILogger<CampaignCoordinatorGrain> log)
    : Grain, ICampaignCoordinatorGrain, IRemindable
{
    private const string ReminderName = "watchdog";
    // A training grain whose silo just died answers only once the cluster notices: status shows its last known figures meanwhile.
    private static readonly TimeSpan StatusPatience = TimeSpan.FromSeconds(2);
    private readonly Dictionary<string, TrainingStatus> live = [];
    private IGrainTimer? watchdog;
    private bool unsaved;
    private int unreachable;

    private CampaignState State => state.State;

    private CampaignSchedule Schedule => new(State.Plan!, State.Models, State.Rungs);

    private string CampaignId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Written in today's layout with the next state write.
        if (State.PlanBeforeSpecs is { } stored) (State.Plan, State.PlanBeforeSpecs) = (stored.ToPlan(), null);
        if (State.Phase == CampaignPhase.Training) StartWatchdog();
        return Task.CompletedTask;
    }

    public async Task<CampaignStatus> Start(CampaignPlan plan)
    {
        if (plan.CampaignId != CampaignId)
            throw new ArgumentException($"Plan for campaign '{plan.CampaignId}' sent to coordinator '{CampaignId}'.");
        if (State.Plan is not null)
        {
            if (plan != State.Plan)
                throw new InvalidOperationException($"Campaign '{plan.CampaignId}' already exists with a different plan.");
            return Status();
        }
        CampaignPlanRules.Validate(plan);

        State.Plan = plan;
        State.Phase = CampaignPhase.Training;
        State.Models = plan.Models.ToDictionary(m => m.Name, _ => new ModelRecord());
        await state.WriteStateAsync();
        await Registry.Register(plan.CampaignId);
        await KeepGoing();
        await PokeUnfinishedModels();
        return Status();
    }

    public async Task<CampaignStatus> GetStatus()
    {
        if (State.Plan is null) return Status();
        // The models training, and once per activation the ended ones: a coordinator that moved to another silo with its
        // old one's death learns their last epochs again instead of showing them at epoch 0.
        var asked = State.Plan.Models.Where(m => Record(m.Name) is var record && (record.Phase == ModelPhase.Training
            || (record.Ended && record.Phase != ModelPhase.Skipped && !live.ContainsKey(m.Name)))).Select(async model =>
        {
            try
            {
                return await TrainingGrain(model.Name).GetStatus().WaitAsync(StatusPatience);
            }
            catch (Exception error) when (error is OrleansException or TimeoutException)
            {
                return null;
            }
        });
        var statuses = (await Task.WhenAll(asked)).OfType<TrainingStatus>().ToArray();
        // A status that shows an end the coordinator missed (its one-way message was lost) is taken as that message.
        if (Absorb(statuses)) await AfterEnds();
        return Status();
    }

    public Task<CampaignPlan?> GetPlan() => Task.FromResult(State.Plan);

    public async Task<IReadOnlyList<EpochHistory>> GetHistory(int afterEpoch)
    {
        if (State.Plan is null) return [];
        var histories = State.Plan.Models.Select(async model =>
        {
            if (Record(model.Name).Phase is ModelPhase.Pending or ModelPhase.Skipped) return new EpochHistory(model.Name, []);
            try
            {
                return new EpochHistory(model.Name, await TrainingGrain(model.Name).GetHistory(afterEpoch).WaitAsync(StatusPatience));
            }
            catch (Exception error) when (error is OrleansException or TimeoutException)
            {
                return new EpochHistory(model.Name, []);
            }
        });
        return await Task.WhenAll(histories);
    }

    public Task<IReadOnlyList<RungRecord>> GetRungs() => Task.FromResult<IReadOnlyList<RungRecord>>(
        State.Rungs.OrderBy(r => r.Key).Select(r => new RungRecord(r.Key, new Dictionary<string, double>(r.Value))).ToArray());

    public Task<EnsembleManifest?> GetManifest() => Task.FromResult(State.Manifest);

    public async Task ModelEnded(TrainingStatus status)
    {
        if (State.Plan is null || !State.Models.ContainsKey(status.Model)) return;
        if (Absorb([status])) await AfterEnds();
    }

    public async Task EpochEnded(string model, int epoch, int bestEpoch, double bestValidationLoss)
    {
        if (State.Plan is null || !State.Models.ContainsKey(model)) return;
        int recorded = State.Rungs.Sum(r => r.Value.Count);
        bool stop = Schedule.StopsEarly(model, epoch, bestEpoch, bestValidationLoss);
        // A rung's record outlives a move of this grain: stored now (a failed write is stored by the next watchdog tick).
        if (State.Rungs.Sum(r => r.Value.Count) != recorded) await Record();
        if (!stop) return;
        log.LogInformation("{Campaign}: {Model} stops early after epoch {Epoch} (best {Best})", CampaignId, model, epoch, bestEpoch);
        try
        {
            live[model] = await TrainingGrain(model).StopEarly();
        }
        catch (Exception error)
        {
            // The next epoch's report asks again.
            log.LogWarning("{Campaign}: could not stop {Model} early ({Error})", CampaignId, model, ExceptionText.OneLine(error));
        }
    }

    public async Task<CampaignStatus> RetryFailed()
    {
        if (State.Plan is null) throw new InvalidOperationException($"There is no campaign '{CampaignId}' to retry.");
        var retried = new List<string>();
        foreach (var model in State.Plan.Models)
        {
            var record = Record(model.Name);
            if (record.Phase == ModelPhase.Failed)
            {
                live[model.Name] = await TrainingGrain(model.Name).Retry();
                record.Phase = ModelPhase.Training;
            }
            else if (record.Phase == ModelPhase.Skipped) record.Phase = ModelPhase.Pending;
            else continue;
            record.Error = null;
            retried.Add(model.Name);
        }
        if (retried.Count == 0) return Status();
        log.LogInformation("{Campaign}: retrying {Models}", CampaignId, string.Join(", ", retried));
        State.Phase = CampaignPhase.Training;
        await state.WriteStateAsync();
        await Registry.Register(CampaignId);
        await KeepGoing();
        await PokeUnfinishedModels();
        return Status();
    }

    public async Task<CampaignStatus> RequestStop(string? model)
    {
        if (State.Plan is null) throw new InvalidOperationException($"There is no campaign '{CampaignId}'.");
        var targets = model is null ? State.Plan.Models : [State.Plan.Model(model)];
        foreach (var target in targets.Where(m => Record(m.Name).Phase == ModelPhase.Training))
            live[target.Name] = await TrainingGrain(target.Name).RequestStop();
        return Status();
    }

    public async Task<bool> Resume()
    {
        if (State.Phase != CampaignPhase.Training)
        {
            await Registry.Completed(CampaignId);
            return true;
        }
        StartWatchdog();
        await PokeUnfinishedModels();
        return unreachable == 0;
    }

    /// <summary>The reminder only has to activate the coordinator (whose activation starts the watchdog).</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (State.Phase != CampaignPhase.Training) await StopWatching();
    }

    private async Task KeepGoing()
    {
        await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        StartWatchdog();
    }

    private void StartWatchdog() =>
        watchdog ??= this.RegisterGrainTimer(PokeUnfinishedModels,
            new GrainTimerCreationOptions(options.Value.WatchdogPeriod, options.Value.WatchdogPeriod) { KeepAlive = true });

    /// <summary>Takes the statuses in; true when a model ended or started with them.</summary>
    private bool Absorb(IEnumerable<TrainingStatus> statuses)
    {
        bool changed = false;
        var schedule = Schedule;
        foreach (var status in statuses)
        {
            live[status.Model] = status;
            var effect = schedule.Absorb(status);
            if (effect == StatusEffect.EndedWithModel)
            {
                PublishManifest();
                var completion = status.Completion!;
                log.LogInformation("{Campaign}: {Model} {Phase} at epoch {Epoch} (best {Best})",
                    CampaignId, status.Model, status.Phase, completion.Epochs, completion.BestEpoch);
                if (status.Phase == ModelPhase.EarlyStopped) KeypointTelemetry.Metrics.EarlyStop(CampaignId, status.Model);
            }
            else if (effect == StatusEffect.Failed)
                log.LogWarning("{Campaign}: {Model} failed: {Error}", CampaignId, status.Model, status.Error);
            changed |= effect != StatusEffect.None;
        }
        return changed;
    }

    /// <summary>After models ended: record it, and start (or skip) the models that waited for them.</summary>
    private async Task AfterEnds()
    {
        await Record();
        if (Schedule.Waiting.Any()) await PokeUnfinishedModels();
    }

    /// <summary>
    /// Starting a training grain is idempotent: a live run carries on, an interrupted one resumes. Its answer also brings
    /// back an end whose message was lost with a silo. Models whose start model ended in a round are started (or skipped)
    /// in the next one at once rather than at the next tick.
    /// </summary>
    private async Task PokeUnfinishedModels()
    {
        if (unsaved) await Record();
        if (State.Phase != CampaignPhase.Training) return;
        while (await PokeRound()) { }
    }

    /// <summary>One poke of every unfinished model that may start; true when a model it found ended lets others go on.</summary>
    private async Task<bool> PokeRound()
    {
        var plan = State.Plan!;
        var schedule = Schedule;
        var endedBefore = schedule.Ended;
        var skipped = schedule.SkipOrphans();
        foreach (var model in skipped) log.LogWarning("{Campaign}: {Model} {Error}", CampaignId, model.Name, Record(model.Name).Error);
        bool changed = skipped.Count > 0;
        var pokes = schedule.Startable.Select(async model =>
        {
            try
            {
                return await TrainingGrain(model.Name).Start(TrainingAssignment.For(plan, model, schedule.InitialWeights(model)));
            }
            catch (Exception error)
            {
                log.LogWarning("{Campaign}: could not reach the training grain of {Model} ({Error})", CampaignId, model.Name, ExceptionText.OneLine(error));
                return null;
            }
        }).ToArray();
        var answers = await Task.WhenAll(pokes);
        unreachable = answers.Count(a => a is null);
        changed |= Absorb(answers.OfType<TrainingStatus>());
        if (!changed) return false;
        await Record();
        return schedule.Unblocked(endedBefore);
    }

    private void PublishManifest() =>
        State.Manifest = new EnsembleManifest(CampaignId, (State.Manifest?.Version ?? 0) + 1, Schedule.Members());

    /// <summary>
    /// Stores the state (the campaign completes when every model has ended); one that cannot be stored now is stored by
    /// the next watchdog tick, which therefore goes on until the completion is stored.
    /// </summary>
    private async Task Record()
    {
        if (Schedule.IsComplete) State.Phase = CampaignPhase.Completed;
        try
        {
            await state.WriteStateAsync();
            unsaved = false;
        }
        catch (Exception error) when (error is not InconsistentStateException)
        {
            if (!unsaved) log.LogWarning("{Campaign}: state not stored, the watchdog stores it again: {Error}", CampaignId, ExceptionText.OneLine(error));
            unsaved = true;
            return;
        }
        if (State.Phase == CampaignPhase.Completed) await StopWatching();
    }

    /// <summary>A completed campaign needs no watchdog, reminder or resuming; what cannot be undone now is undone when the reminder next fires.</summary>
    private async Task StopWatching()
    {
        watchdog?.Dispose();
        watchdog = null;
        try
        {
            if (await this.GetReminder(ReminderName) is { } reminder) await this.UnregisterReminder(reminder);
            await Registry.Completed(CampaignId);
        }
        catch (Exception error)
        {
            log.LogWarning("{Campaign}: completed; its reminder or registry entry stays until the reminder next fires: {Error}",
                CampaignId, ExceptionText.OneLine(error));
        }
    }

    private ICampaignRegistryGrain Registry => GrainFactory.GetGrain<ICampaignRegistryGrain>(ICampaignRegistryGrain.Key);

    private IModelTrainingGrain TrainingGrain(string model) =>
        GrainFactory.GetGrain<IModelTrainingGrain>(TrainingAssignment.TrainingGrainKey(CampaignId, model));

    private ModelRecord Record(string model) => Schedule.Record(model);

    private CampaignStatus Status() =>
        new(CampaignId, State.Phase,
            (State.Plan?.Models ?? []).Select(m => ModelStatusOf(m) with
            {
                WaitsFor = Record(m.Name).Phase == ModelPhase.Pending && Schedule.WaitsForItsStart(m) ? m.StartsFrom : null,
            }).ToArray(),
            State.Manifest?.Version ?? 0);

    private ModelStatus ModelStatusOf(ModelPlan model)
    {
        var record = Record(model.Name);
        var status = live.GetValueOrDefault(model.Name);
        var (last, best) = (status?.LastEpoch, status?.BestEpoch);
        return new ModelStatus(model.Name, record.Phase, last?.Epoch ?? 0, last?.TrainLoss ?? double.NaN,
            last?.ValidationLoss ?? double.NaN, last?.ValidationRmsePixels ?? double.NaN, best?.Epoch ?? 0,
            best?.ValidationLoss ?? double.NaN, last?.Seconds ?? 0, last?.ImagesPerSecond ?? 0, status?.Silo ?? "",
            status?.Device ?? "", record.Error, status?.EpochsRepeated ?? 0);
    }
}
