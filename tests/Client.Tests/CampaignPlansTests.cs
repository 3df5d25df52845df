using KeypointGrains.Client.Commands;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Grains.Training;
using KeypointGrains.Keypoints.Training;

namespace KeypointGrains.Client.Tests;

/// <summary>A preset's recipes as kg plans them, down to the rows each training grain hands its trainer.</summary>
public class CampaignPlansTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    [SkippableFact]
    public void A_presets_specialist_row_cap_reaches_the_specialists_trainers_and_leaves_the_baseline_its_own()
    {
        var slice = TrainingSlice.Write(folder.Path, rows: 600);
        var quick = TrainingPresets.Resolve(TrainingPresets.Quick, "mlp");
        var preset = quick with { SpecialistRecipe = quick.SpecialistRecipe with { MaxTrainingFaces = 40 } };
        var plan = CampaignPlans.FromPreset("caps", slice, preset, new StudyOverrides());
        var cache = new TrainingDataCache();

        var (baselineTrain, _) = cache.Load(plan.Model(ModelPlan.BaselineName).Spec);
        Assert.Equal(0, plan.Model(ModelPlan.BaselineName).Recipe.MaxTrainingFaces);
        Assert.True(baselineTrain.Count > 40, $"the baseline trains on {baselineTrain.Count} faces");
        foreach (var specialist in plan.Models.Where(m => !m.IsBaseline))
        {
            Assert.Equal(40, specialist.Recipe.MaxTrainingFaces);
            var (train, validation) = cache.Load(specialist.Spec);
            Assert.Equal(40, train.Count);
            Assert.True(validation.Count > 0, $"{specialist.Name} keeps its validation faces");
        }
    }

    [Fact]
    public void Without_overrides_every_model_trains_its_presets_recipe_as_it_is()
    {
        foreach (var name in TrainingPresets.Names)
        {
            var preset = TrainingPresets.Resolve(name);
            var plan = CampaignPlans.FromPreset("as-is", "training.csv", preset, new StudyOverrides());
            // Equality is the compiler's, every field: a recipe field added later reaches the plan without a line here.
            Assert.Equal(preset.Recipe, plan.Model(ModelPlan.BaselineName).Recipe);
            Assert.All(plan.Models.Where(m => !m.IsBaseline), m => Assert.Equal(preset.SpecialistRecipe, m.Recipe));
        }
    }

    public void Dispose() => folder.Dispose();
}
