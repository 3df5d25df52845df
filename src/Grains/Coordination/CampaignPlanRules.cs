using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Networks;
using KeypointGrains.Specs;

namespace KeypointGrains.Grains.Coordination;

/// <summary>What the coordinator checks before a campaign starts: a plan that would fail in its training grains, or wait forever, is refused.</summary>
public static class CampaignPlanRules
{
    public static void Validate(CampaignPlan plan)
    {
        var id = plan.CampaignId;
        CampaignIds.Validate(id);
        if (plan.Models.Count == 0) throw new ArgumentException($"Campaign '{id}' has no models.");
        var duplicate = plan.Models.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Campaign '{id}' names model '{duplicate.Key}' twice.");
        var models = plan.Models.ToDictionary(m => m.Name);
        var (data, split) = (plan.DataPath, plan.SplitOf(fold: 0));
        foreach (var model in plan.Models)
        {
            ValidateRecipe(id, model);
            // One file, one split: otherwise a model could be scored on faces another trained on.
            if (model.Spec.DataPath != data || model.Spec.Split with { Fold = 0 } != split)
                throw new ArgumentException(
                    $"Campaign '{id}': model '{model.Name}' reads {model.Spec.DataPath} split {model.Spec.Split}, but '{plan.Models[0].Name}' " +
                    $"reads {data} split {split}: a campaign's models share one file and one split.");
            if (plan.Folds >= 2 ? model.Fold < 1 || model.Fold > plan.Folds : model.Fold != 0)
                throw new ArgumentException(
                    $"Campaign '{id}': model '{model.Name}' is on fold {model.Fold}, but the plan has {plan.Folds} fold(s).");
            if (model.StartsFrom is null) continue;
            if (model.StartsFrom == model.Name)
                throw new ArgumentException($"Campaign '{id}': model '{model.Name}' cannot start from itself.");
            if (!models.TryGetValue(model.StartsFrom, out var source))
                throw new ArgumentException(
                    $"Campaign '{id}': model '{model.Name}' starts from '{model.StartsFrom}', which is not a model of the plan " +
                    $"({string.Join(", ", models.Keys)}).");
            // One level only: a chain would serialise the study and a cycle would never start.
            if (source.StartsFrom is not null)
                throw new ArgumentException(
                    $"Campaign '{id}': model '{model.Name}' starts from '{source.Name}', which itself starts from '{source.StartsFrom}'.");
            if (source.Fold != model.Fold)
                throw new ArgumentException(
                    $"Campaign '{id}': model '{model.Name}' (fold {model.Fold}) cannot start from '{source.Name}' (fold {source.Fold}).");
            if (source.Recipe.Network != model.Recipe.Network)
                throw new ArgumentException(
                    $"Campaign '{id}': model '{model.Name}' ({model.Recipe.Network}) cannot start from '{source.Name}' ({source.Recipe.Network}).");
            var missing = model.Columns.Except(source.Columns).ToArray();
            if (missing.Length > 0)
                throw new ArgumentException(
                    $"Campaign '{id}': model '{model.Name}' starts from '{source.Name}', which does not predict its column(s) " +
                    $"{string.Join(", ", missing)}.");
        }
    }

    private static void ValidateRecipe(string id, ModelPlan model)
    {
        var recipe = model.Recipe;
        string? problem =
            !NetworkRegistry.Names.Contains(recipe.Network) ? $"network '{recipe.Network}' is unknown (known: {string.Join(", ", NetworkRegistry.Names)})"
            : recipe.Optimizer is not (TrainingRecipe.Nesterov or TrainingRecipe.AdamW) ? $"optimizer '{recipe.Optimizer}' is unknown"
            : recipe.Schedule is not (TrainingRecipe.Linear or TrainingRecipe.Cosine) ? $"schedule '{recipe.Schedule}' is unknown"
            : recipe.MaxEpochs < 1 || recipe.BatchSize < 1 ? "epochs and batch size must be at least 1"
            : null;
        if (problem is not null) throw new ArgumentException($"Campaign '{id}', model '{model.Name}': {problem}.");
        try
        {
            AugmentationRegistry.Of(recipe);
        }
        catch (ArgumentException error)
        {
            throw new ArgumentException($"Campaign '{id}', model '{model.Name}': {error.Message}", error);
        }
    }
}
