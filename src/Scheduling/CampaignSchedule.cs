using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Keypoints.Tuning;

namespace KeypointGrains.Scheduling;

/// <summary>
/// The coordinator's decisions, as a type with no grain in it: which of a campaign's models may start (a model that
/// starts from another one's weights waits until that one has a model), which must be skipped (the one it starts from
/// failed or was skipped), when a model's stopping policy ends it early, what a status a training grain reports changes in the records, which models make the
/// ensemble, and when the campaign is complete. The grain stores the records and carries the decisions out.
/// </summary>
public sealed class CampaignSchedule(CampaignPlan plan, IReadOnlyDictionary<string, ModelRecord> records,
    Dictionary<int, Dictionary<string, double>> rungs)
{
    private readonly HalvingStopping? halving = plan.Halving is { } h && plan.Models.Count > 0
        ? new HalvingStopping(h.MinEpochs, h.Reduction, plan.Models.Max(m => m.Recipe.MaxEpochs))
        : null;
    private Dictionary<string, ModelPlan>? byName;

    /// <summary>Every model has ended (finished, early-stopped, failed or skipped).</summary>
    public bool IsComplete => records.Values.All(r => r.Ended);

    /// <summary>
    /// The models to start (or poke): not ended, and not waiting for the model they start from; of those not started
    /// yet, no more than the places <see cref="CampaignPlan.MaxTrainingModels"/> leaves free.
    /// </summary>
    public IEnumerable<ModelPlan> Startable
    {
        get
        {
            if (plan.MaxTrainingModels <= 0) return plan.Models.Where(m => !Record(m.Name).Ended && !WaitsForItsStart(m)).ToArray();
            // One pass, keeping no more of those not started than the cap could let start: a search has thousands of trials.
            var (training, notStarted) = (new List<ModelPlan>(), new List<ModelPlan>());
            foreach (var model in plan.Models)
            {
                var record = Record(model.Name);
                if (record.Ended || WaitsForItsStart(model)) continue;
                if (record.Phase == ModelPhase.Training) training.Add(model);
                else if (notStarted.Count < plan.MaxTrainingModels) notStarted.Add(model);
            }
            return training.Concat(notStarted.Take(Math.Max(0, plan.MaxTrainingModels - training.Count)));
        }
    }

    /// <summary>The pending models that start from another one.</summary>
    public IEnumerable<ModelPlan> Waiting => plan.Models.Where(m => m.StartsFrom is not null && Record(m.Name).Phase == ModelPhase.Pending);

    public IReadOnlySet<string> Ended => records.Where(r => r.Value.Ended).Select(r => r.Key).ToHashSet();

    public ModelRecord Record(string model) =>
        records.TryGetValue(model, out var record)
            ? record
            : throw new ArgumentException($"Campaign '{plan.CampaignId}' has no model '{model}'.");

    public bool WaitsForItsStart(ModelPlan model) => model.StartsFrom is { } source && !Record(source).Phase.HasModel();

    /// <summary>The best weights of the model <paramref name="model"/> starts from (that one has a model: see <see cref="WaitsForItsStart"/>).</summary>
    public CheckpointReference? InitialWeights(ModelPlan model) => model.StartsFrom is { } source ? Record(source).Completion!.BestModel : null;

    /// <summary>Whether a model that ended since <paramref name="endedBefore"/> lets a waiting one go on.</summary>
    public bool Unblocked(IReadOnlySet<string> endedBefore) =>
        Waiting.Any(m => Record(m.StartsFrom!).Ended && !endedBefore.Contains(m.StartsFrom!));

    /// <summary>
    /// Whether the model's stopping policies end it after the epoch reported: its recipe's patience, or the campaign's
    /// successive halving (which records the model's best loss at a rung it reached). An ended model goes on ending.
    /// </summary>
    public bool StopsEarly(string model, int lastEpoch, int bestEpoch, double bestLoss) =>
        !Record(model).Ended
        && (StoppingPolicy(Model(model)).ShouldStop(lastEpoch, bestEpoch) | (halving?.Stops(rungs, model, lastEpoch, bestLoss) ?? false));

    /// <summary>The plan's model of that name, found by name once the first is asked for (a plan's own lookup is a scan).</summary>
    private ModelPlan Model(string name) => (byName ??= plan.Models.ToDictionary(m => m.Name))[name];

    public static IStoppingPolicy StoppingPolicy(ModelPlan model) => new PatienceStopping(model.Recipe.Patience);

    /// <summary>What a training grain's status changes in its model's record; an ended record is never changed again.</summary>
    public StatusEffect Absorb(TrainingStatus status)
    {
        var record = Record(status.Model);
        if (record.Ended) return StatusEffect.None;
        if (status.Phase.HasModel() && status.Completion is { } completion)
        {
            record.Phase = status.Phase;
            record.Completion = completion;
            return StatusEffect.EndedWithModel;
        }
        if (status.Phase == ModelPhase.Failed)
        {
            record.Phase = ModelPhase.Failed;
            record.Error = status.Error;
            return StatusEffect.Failed;
        }
        if (status.Phase == ModelPhase.Training && record.Phase == ModelPhase.Pending)
        {
            record.Phase = ModelPhase.Training;
            return StatusEffect.Started;
        }
        return StatusEffect.None;
    }

    /// <summary>Skips the pending models whose start model failed or was skipped (they would train on missing weights); returns them.</summary>
    public IReadOnlyList<ModelPlan> SkipOrphans()
    {
        var skipped = new List<ModelPlan>();
        foreach (var model in Waiting.ToArray())
        {
            var source = Record(model.StartsFrom!);
            if (!source.Phase.HasFailed()) continue;
            var record = Record(model.Name);
            record.Phase = ModelPhase.Skipped;
            record.Error = $"it starts from '{model.StartsFrom}', which {(source.Phase == ModelPhase.Failed ? "failed" : "was skipped")}";
            skipped.Add(model);
        }
        return skipped;
    }

    /// <summary>The ensemble: every model with a completion, in the plan's order.</summary>
    public IReadOnlyList<EnsembleMember> Members() =>
        plan.Models
            .Select(m => Record(m.Name).Completion)
            .OfType<ModelCompletion>()
            .Select(c => new EnsembleMember(c.Model, c.Network, c.Columns, c.BestModel, c.BestValidationLoss))
            .ToArray();
}

/// <summary>What a reported status did to its model's record.</summary>
public enum StatusEffect
{
    None,
    Started,
    /// <summary>Finished or early-stopped, with a model for the ensemble.</summary>
    EndedWithModel,
    Failed,
}
