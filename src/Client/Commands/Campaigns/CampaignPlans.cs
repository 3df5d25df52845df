using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Specs;

namespace KeypointGrains.Client.Commands;

/// <summary>
/// Where a campaign's recipes are resolved, once: a preset's recipes, overridden by the settings and flags, are what every
/// training grain executes as given.
/// </summary>
public static class CampaignPlans
{
    /// <summary>The seed's study as a preset describes it, with the user's overrides applied to every model.</summary>
    public static CampaignPlan FromPreset(string campaignId, string dataPath, TrainingPreset preset, StudyOverrides overrides)
    {
        int epochs = overrides.Epochs ?? preset.Recipe.MaxEpochs;
        // A specialist never trains longer than the baseline: --epochs 5 caps the best preset's 12 fine-tuning epochs too.
        int specialistEpochs = overrides.SpecialistEpochs ?? Math.Min(preset.SpecialistRecipe.MaxEpochs, epochs);
        var baseline = Recipe(preset.Recipe, overrides, epochs);
        var specialist = Recipe(preset.SpecialistRecipe, overrides, specialistEpochs);
        var split = new SplitSpec { Seed = overrides.Seed ?? preset.Recipe.Seed, Folds = Math.Max(1, overrides.Folds) };
        var study = SeedStudy(campaignId, dataPath, split, baseline, specialist, preset.SpecialistsFromBaseline);
        return split.Folds > 1 ? InFolds(study) : study;
    }

    /// <summary>
    /// Every model of <paramref name="plan"/> once per fold of its split's grouped k-fold split, "group@fold"; a model that
    /// starts from another starts from that one's copy of the same fold, which never saw its validation faces either.
    /// </summary>
    public static CampaignPlan InFolds(CampaignPlan plan) =>
        plan with
        {
            Models =
            [
                .. Enumerable.Range(1, plan.Folds).SelectMany(fold => plan.Models.Select(model => model with
                {
                    Name = ModelPlan.NameOf(model.Name, fold),
                    Spec = model.Spec with
                    {
                        Split = model.Spec.Split with { Fold = fold },
                        StartsFrom = model.StartsFrom is { } source ? ModelPlan.NameOf(source, fold) : null,
                    },
                })),
            ],
        };

    /// <summary>
    /// The seed's study: a baseline on all 30 columns plus the six specialists of the schema, every one on
    /// <paramref name="split"/> of the file. With <paramref name="specialistsFromBaseline"/> each specialist waits for the
    /// baseline and starts from its best weights, as the seed did.
    /// </summary>
    public static CampaignPlan SeedStudy(string campaignId, string dataPath, SplitSpec split, TrainingRecipe baseline, TrainingRecipe specialist,
        bool specialistsFromBaseline = false) =>
        new(campaignId,
            [
                new ModelPlan(ModelPlan.BaselineName, new ModelSpec(dataPath, KeypointSchema.AllColumns, baseline) { Split = split }),
                .. KeypointSchema.Specialists.Select(s => new ModelPlan(s.Name, new ModelSpec(dataPath, s.Columns, specialist)
                {
                    Split = split,
                    StartsFrom = specialistsFromBaseline ? ModelPlan.BaselineName : null,
                })),
            ]);

    /// <summary><paramref name="recipe"/> for <paramref name="epochs"/>, with the overrides that apply to every model.</summary>
    public static TrainingRecipe Recipe(TrainingRecipe recipe, StudyOverrides overrides, int epochs) => recipe with
    {
        Network = overrides.Network ?? recipe.Network,
        MaxEpochs = epochs,
        // A preset whose patience is its epoch budget has no early stopping: that stays so when the budget changes.
        Patience = overrides.Patience ?? (recipe.Patience >= recipe.MaxEpochs ? epochs : recipe.Patience),
        BatchSize = overrides.BatchSize ?? recipe.BatchSize,
        Augmentations = [.. recipe.Augmentations.Union(overrides.Augmentations)],
        Seed = overrides.Seed ?? recipe.Seed,
    };
}

/// <summary>What the user set for a whole campaign (flags, then configuration); null = the preset's value.</summary>
public sealed record StudyOverrides
{
    public string? Network { get; init; }
    public int? Epochs { get; init; }
    public int? SpecialistEpochs { get; init; }
    public int? Patience { get; init; }
    public int? BatchSize { get; init; }
    public int? Seed { get; init; }
    public IReadOnlyList<string> Augmentations { get; init; } = [];
    /// <summary>K ≥ 2 trains every model once per fold of a grouped K-fold split (1: one grouped split).</summary>
    public int Folds { get; init; } = 1;
}
