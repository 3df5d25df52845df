using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Keypoints.Tuning;
using KeypointGrains.Specs;

namespace KeypointGrains.Client.Commands;

/// <summary>A search planned (kg tune): its trials (by model name) and the campaign that trains them.</summary>
public sealed record TuneSearch(CampaignPlan Plan, IReadOnlyDictionary<string, Trial> Trials, string Preset, string Network,
    SearchSpace Space, TuneBudget Budget, IReadOnlyList<int> Rungs)
{
    /// <summary>
    /// Trials drawn from <paramref name="space"/>, each a whole-face model with the preset's recipe and the trial's values,
    /// stopped only by the halving (patience is the whole budget); a checkpoint is always stored at a rung.
    /// </summary>
    public static TuneSearch Of(string campaignId, string data, string presetName, string network, SearchSpace space, TuneBudget budget)
    {
        var preset = TrainingPresets.Resolve(presetName, network);
        var (seed, maxEpochs) = (budget.Seed, budget.MaxEpochs);
        // Every trial trains the whole budget unless halving stops it: the preset's schedule laid over the budget, no patience.
        var baseRecipe = preset.Recipe with { Seed = seed, MaxEpochs = maxEpochs, Patience = maxEpochs };
        var trials = space.Sample(budget.Trials, seed).ToDictionary(t => $"trial-{t.Number:D2}");
        var rungs = new HalvingStopping(budget.MinEpochs, budget.Reduction, maxEpochs).Rungs;
        var models = trials.Select(t =>
            new ModelPlan(t.Key, new ModelSpec(data, KeypointSchema.AllColumns, t.Value.Recipe(baseRecipe) with { MaxTrainingFaces = budget.Images })
            {
                Split = new SplitSpec { Seed = seed },
                // A trial resumed after its silo died repeats at most the epochs since its last rung.
                Checkpoints = new CheckpointPolicy { AlwaysAfter = rungs },
            })
            {
                Values = [.. t.Value.Values.Select(v => $"{v.Key}={v.Value}")],
            }).ToArray();
        var plan = new CampaignPlan(campaignId, models)
        {
            Halving = new SuccessiveHalving(budget.MinEpochs, budget.Reduction), MaxTrainingModels = budget.Parallel,
        };
        return new TuneSearch(plan, trials, preset.Name, network, space, budget, rungs);
    }

    /// <summary>The trial with the lowest best validation RMSE of those that trained the whole budget.</summary>
    public (string Model, double Rmse)? Best(CampaignStatus status, IReadOnlyList<EpochHistory> histories)
    {
        var full = status.Models.Where(m => m.Phase.HasModel() && m.Epoch >= Budget.MaxEpochs).Select(m => m.Model).ToHashSet();
        return histories.Where(h => full.Contains(h.Model) && h.Epochs.Count > 0)
            .Select(h => (h.Model, Rmse: h.Epochs.Min(e => e.ValidationRmsePixels)))
            .OrderBy(t => t.Rmse)
            .Cast<(string, double)?>()
            .FirstOrDefault();
    }
}
