using System.Diagnostics;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Contracts.Telemetry;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Grains.Storage;
using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Training;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using EpochReport = KeypointGrains.Contracts.Training.EpochReport;

namespace KeypointGrains.Grains.Coordination;

/// <summary>
/// Runs one campaign: starts its training grains, keeps each model's learning curve, stops a model once its validation
/// loss has not improved for Patience epochs, and publishes a new ensemble manifest version whenever a model finishes.
/// A watchdog timer (and a reminder, so that a restarted cluster picks the campaign up again) pokes unfinished models,
/// which resumes a model whose silo died on a live one. A model that starts from another one's weights stays pending
/// until that one has ended.
/// <para>
/// Non-reentrant, and safe so: the coordinator awaits training grains' Start, which never calls back into it (their
/// runs report from threads of their own).
/// </para>
/// </summary>
public sealed class CampaignCoordinatorGrain(
    [PersistentState("campaign", KeypointStorage.Name)] IPersistentState<CampaignState> state,
    IOptions<CoordinatorOptions> options,
    ILogger<CampaignCoordinatorGrain> log)
    : Grain, ICampaignCoordinatorGrain, IRemindable
{
    private const string ReminderName = "watchdog";
    // Epoch reports arrive every few seconds per model (many per second on a GPU) and the state holds every curve:
    // writing it on each would rewrite megabytes per epoch. An epoch that comes with a checkpoint is written at once,
    // though: a run resumes after its last checkpoint, so only the epochs it repeats may be missing from a lost activation.
    private static readonly TimeSpan CurveWriteInterval = TimeSpan.FromSeconds(5);
    private long lastWrite;
    private bool unwrittenEpochs;
    private readonly Dictionary<string, EarlyStopping> stopping = [];
    private IGrainTimer? watchdog;

    private CampaignState State => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Phase == CampaignPhase.Training) StartWatchdog();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (unwrittenEpochs) await WriteState();
    }

    public async Task<CampaignStatus> Start(CampaignPlan plan)
    {
        if (plan.CampaignId != this.GetPrimaryKeyString())
            throw new ArgumentException($"Plan for campaign '{plan.CampaignId}' sent to coordinator '{this.GetPrimaryKeyString()}'.");
        if (State.Plan is not null)
        {
            if (!SamePlan(State.Plan, plan))
                throw new InvalidOperationException($"Campaign '{plan.CampaignId}' already exists with a different plan.");
            return Status();
        }
        Validate(plan);

        State.Plan = plan;
        State.Phase = CampaignPhase.Training;
        State.Models = plan.Models.ToDictionary(m => m.Name, _ => new ModelProgress());
        await WriteState();
        await GrainFactory.GetGrain<ICampaignRegistryGrain>(ICampaignRegistryGrain.Key).Register(plan.CampaignId);
        await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        StartWatchdog();
        await PokeUnfinishedModels();
        return Status();
    }

    public Task<CampaignStatus> GetStatus() => Task.FromResult(Status());

    public Task<CampaignPlan?> GetPlan() => Task.FromResult(State.Plan);

    public Task<IReadOnlyList<EpochHistory>> GetHistory() =>
        Task.FromResult<IReadOnlyList<EpochHistory>>(
            State.Models.Select(m => new EpochHistory(m.Key, m.Value.History.ToArray())).ToArray());

    public Task<EnsembleManifest?> GetManifest() => Task.FromResult(State.Manifest);

    public async Task<TrainingDirective> ReportEpoch(EpochReport report)
    {
        var progress = Progress(report.Model);
        if (progress.Ended) return TrainingDirective.Stop;

        // A run resumed from an older checkpoint repeats epochs: the repeat replaces what was reported before.
        int repeated = progress.History.RemoveAll(e => e.Epoch >= report.Epoch);
        progress.EpochsRepeated += repeated;
        progress.History.Add(report);
        progress.Phase = ModelPhase.Training;
        progress.Silo = report.Silo;
        progress.Device = report.Device;
        if (repeated > 0) stopping.Remove(report.Model);
        var stopper = Stopper(report.Model, progress, observeLast: repeated == 0);
        if (!stopper.ShouldStop)
        {
            unwrittenEpochs = true;
            if (report.Checkpoint is not null || Stopwatch.GetElapsedTime(lastWrite) >= CurveWriteInterval) await WriteState();
            return TrainingDirective.Continue;
        }
        await WriteState();
        log.LogInformation("{Campaign}: early stop of {Model} at epoch {Epoch} (best {Best})",
            this.GetPrimaryKeyString(), report.Model, report.Epoch, stopper.BestEpoch);
        KeypointTelemetry.Metrics.EarlyStop(this.GetPrimaryKeyString(), report.Model);
        return TrainingDirective.Stop;
    }

    public async Task ReportCompletion(ModelCompletion completion)
    {
        var progress = Progress(completion.Model);
        if (progress.Ended) return;
        Complete(progress, completion);
        await EndIfDone();
        await WriteState();
        if (AnyWaitsFor([completion.Model])) await PokeUnfinishedModels();
    }

    public async Task ReportFailure(string model, string error)
    {
        var progress = Progress(model);
        if (progress.Ended) return;
        progress.Phase = ModelPhase.Failed;
        progress.Error = error;
        await EndIfDone();
        await WriteState();
        if (AnyWaitsFor([model])) await PokeUnfinishedModels();
    }

    /// <summary>The reminder only has to activate the coordinator (whose activation starts the watchdog).</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (State.Phase != CampaignPhase.Training && await this.GetReminder(reminderName) is { } reminder)
            await this.UnregisterReminder(reminder);
    }

    private void StartWatchdog() =>
        watchdog ??= this.RegisterGrainTimer(PokeUnfinishedModels,
            new GrainTimerCreationOptions(options.Value.WatchdogPeriod, options.Value.WatchdogPeriod) { KeepAlive = true });

    /// <summary>
    /// Starting a training grain is idempotent: a live run carries on, an interrupted one resumes. Its answer also
    /// brings back a completion or failure whose report was lost with a silo. A model whose start model ended in this
    /// round is started in the next one at once rather than at the next tick.
    /// </summary>
    private async Task PokeUnfinishedModels()
    {
        IReadOnlyList<string> ended;
        do ended = await PokeRound();
        while (AnyWaitsFor(ended));
    }

    /// <summary>One poke of every unfinished model that may start; returns the models it found ended.</summary>
    private async Task<IReadOnlyList<string>> PokeRound()
    {
        var plan = State.Plan!;
        var pokes = plan.Models.Where(m => !Progress(m.Name).Ended && !WaitsForItsStart(m)).Select(async model =>
        {
            try
            {
                return await GrainFactory.GetGrain<ISpecialistTrainingGrain>(TrainingAssignment.TrainingGrainKey(plan.CampaignId, model.Name))
                    .Start(TrainingAssignment.For(plan, model, InitialWeights(model)));
            }
            catch (Exception error)
            {
                log.LogWarning(error, "{Campaign}: could not reach the training grain of {Model}", plan.CampaignId, model.Name);
                return null;
            }
        }).ToArray();

        bool changed = false;
        var ended = new List<string>();
        foreach (var status in await Task.WhenAll(pokes))
        {
            if (status is null) continue;
            var progress = Progress(status.Model);
            if (progress.Ended) continue;
            if (status.Phase == TrainingPhase.Completed && status.Completion is { } completion) Complete(progress, completion);
            else if (status.Phase == TrainingPhase.Failed)
            {
                progress.Phase = ModelPhase.Failed;
                progress.Error = status.Error;
            }
            else if (progress.Phase == ModelPhase.Pending) progress.Phase = ModelPhase.Training;
            else continue;
            changed = true;
            if (progress.Ended) ended.Add(status.Model);
        }
        if (!changed) return ended;
        await EndIfDone();
        await WriteState();
        return ended;
    }

    private bool WaitsForItsStart(ModelPlan model) => model.StartsFrom is { } source && !Progress(source).Ended;

    private bool AnyWaitsFor(IReadOnlyCollection<string> models) =>
        State.Plan!.Models.Any(m => m.StartsFrom is { } source && models.Contains(source) && !Progress(m.Name).Ended);

    /// <summary>The best weights of the model this one starts from, once that one has ended.</summary>
    private CheckpointReference? InitialWeights(ModelPlan model)
    {
        if (model.StartsFrom is not { } source) return null;
        var from = Progress(source);
        if (from.Completion is { } completion) return completion.BestModel;
        // The model it starts from failed: training from scratch still delivers a model, where waiting would deliver none.
        if (Progress(model.Name).Phase == ModelPhase.Pending)
            log.LogWarning("{Campaign}: {Model} starts from scratch because {Source} failed ({Error})",
                State.Plan!.CampaignId, model.Name, source, from.Error);
        return null;
    }

    private void Complete(ModelProgress progress, ModelCompletion completion)
    {
        progress.Phase = completion.EarlyStopped ? ModelPhase.EarlyStopped : ModelPhase.Finished;
        progress.Completion = completion;
        var members = State.Models
            .Where(m => m.Value.Completion is not null)
            .Select(m => m.Value.Completion!)
            .Select(c => new EnsembleMember(c.Model, c.Network, c.Columns, c.BestModel, c.BestValidationLoss))
            .ToArray();
        State.Manifest = new EnsembleManifest(State.Plan!.CampaignId, (State.Manifest?.Version ?? 0) + 1, members);
    }

    private async Task EndIfDone()
    {
        if (!State.Models.Values.All(m => m.Ended)) return;
        State.Phase = CampaignPhase.Completed;
        watchdog?.Dispose();
        watchdog = null;
        var reminder = await this.GetReminder(ReminderName);
        if (reminder is not null) await this.UnregisterReminder(reminder);
    }

    private async Task WriteState()
    {
        await state.WriteStateAsync();
        lastWrite = Stopwatch.GetTimestamp();
        unwrittenEpochs = false;
    }

    /// <summary>The model's early stopping, rebuilt from its learning curve after an activation or a repeated epoch.</summary>
    private EarlyStopping Stopper(string model, ModelProgress progress, bool observeLast)
    {
        if (stopping.TryGetValue(model, out var stopper) && observeLast)
        {
            var last = progress.History[^1];
            stopper.Observe(last.Epoch, last.ValidationLoss);
            return stopper;
        }
        stopper = new EarlyStopping(State.Plan!.Training.Patience);
        foreach (var epoch in progress.History) stopper.Observe(epoch.Epoch, epoch.ValidationLoss);
        return stopping[model] = stopper;
    }

    private ModelProgress Progress(string model) =>
        State.Models.TryGetValue(model, out var progress)
            ? progress
            : throw new ArgumentException($"Campaign '{this.GetPrimaryKeyString()}' has no model '{model}'.");

    private static bool SamePlan(CampaignPlan a, CampaignPlan b) =>
        a.DataPath == b.DataPath && a.Training == b.Training &&
        a.Models.Select(m => (m.Name, string.Join(",", m.Columns), m.StartsFrom))
            .SequenceEqual(b.Models.Select(m => (m.Name, string.Join(",", m.Columns), m.StartsFrom)));

    /// <summary>Refuses, before anything starts, a plan that would fail in its training grains or wait forever.</summary>
    private static void Validate(CampaignPlan plan)
    {
        var id = plan.CampaignId;
        if (plan.Models.Count == 0) throw new ArgumentException($"Campaign '{id}' has no models.");
        var duplicate = plan.Models.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Campaign '{id}' names model '{duplicate.Key}' twice.");
        var models = plan.Models.ToDictionary(m => m.Name);
        foreach (var model in plan.Models.Where(m => m.StartsFrom is not null))
        {
            if (model.StartsFrom == model.Name)
                throw new ArgumentException($"Campaign '{id}': model '{model.Name}' cannot start from itself.");
            if (!models.TryGetValue(model.StartsFrom!, out var source))
                throw new ArgumentException(
                    $"Campaign '{id}': model '{model.Name}' starts from '{model.StartsFrom}', which is not a model of the plan " +
                    $"({string.Join(", ", models.Keys)}).");
            // One level only: a chain would serialise the study and a cycle would never start.
            if (source.StartsFrom is not null)
                throw new ArgumentException(
                    $"Campaign '{id}': model '{model.Name}' starts from '{source.Name}', which itself starts from '{source.StartsFrom}'.");
            var missing = model.Columns.Except(source.Columns).ToArray();
            if (missing.Length > 0)
                throw new ArgumentException(
                    $"Campaign '{id}': model '{model.Name}' starts from '{source.Name}', which does not predict its column(s) " +
                    $"{string.Join(", ", missing)}.");
        }
        try
        {
            AugmentationRegistry.Parse(plan.Training.Augment ?? "");
        }
        catch (ArgumentException error)
        {
            throw new ArgumentException($"Campaign '{id}': {error.Message}", error);
        }
    }

    private CampaignStatus Status() =>
        new(this.GetPrimaryKeyString(), State.Phase,
            (State.Plan?.Models ?? []).Select(m => ModelStatusOf(m.Name, State.Models[m.Name]) with
            {
                WaitsFor = WaitsForItsStart(m) ? m.StartsFrom : null,
            }).ToArray(),
            State.Manifest?.Version ?? 0);

    private ModelStatus ModelStatusOf(string model, ModelProgress progress)
    {
        var last = progress.History.LastOrDefault();
        var best = progress.History.Where(e => !double.IsNaN(e.ValidationLoss)).MinBy(e => e.ValidationLoss);
        return new ModelStatus(model, progress.Phase, last?.Epoch ?? 0, last?.TrainLoss ?? double.NaN,
            last?.ValidationLoss ?? double.NaN, last?.ValidationRmsePixels ?? double.NaN, best?.Epoch ?? 0,
            best?.ValidationLoss ?? double.NaN, last?.Seconds ?? 0, last?.ImagesPerSecond ?? 0, progress.Silo,
            progress.Device, progress.Error, progress.EpochsRepeated);
    }
}
