using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Grains.Training;
using Xunit.Abstractions;

namespace KeypointGrains.Cluster.Tests.Training;

public class TrainingDataCacheTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void Augmentations_expand_the_training_side_only()
    {
        var data = TestData.TrainingCsv();
        var plan = Support.Campaigns.Tiny("augment", data);
        var plain = TrainingAssignment.For(plan, plan.Model("eye-centers"));
        var augmented = plain with { Model = plain.Model with { Recipe = plain.Recipe with { Augmentations = ["contrast", "unsharp"] } } };
        var cache = new TrainingDataCache();

        var (train, validation) = cache.Load(plain);
        var (expandedTrain, expandedValidation) = cache.Load(augmented);

        output.WriteLine($"eye-centers: {train.Count} training rows, {expandedTrain.Count} expanded; {validation.Count} validation rows");
        Assert.Equal(3 * train.Count, expandedTrain.Count);
        Assert.Equal(train.Pixels.AsSpan(0, train.Count * 9216).ToArray(), expandedTrain.Pixels.AsSpan(0, train.Count * 9216).ToArray());
        Assert.NotEqual(train.Pixels.AsSpan(0, 9216).ToArray(), expandedTrain.Pixels.AsSpan(train.Count * 9216, 9216).ToArray());
        Assert.Equal([.. train.Ids, .. train.Ids, .. train.Ids], expandedTrain.Ids);
        Assert.Equal(validation.Ids, expandedValidation.Ids);
        Assert.Equal(validation.Pixels, expandedValidation.Pixels);
        Assert.Empty(expandedTrain.Ids.Intersect(expandedValidation.Ids));
    }

    [SkippableFact]
    public void Every_model_of_a_campaign_holds_out_the_same_people()
    {
        var data = TestData.TrainingCsv();
        var plan = Support.Campaigns.Tiny("split", data).WithRecipes(m => m.Recipe with { MaxTrainingFaces = 0 });
        var cache = new TrainingDataCache();
        var (_, baselineValidation) = cache.Load(TrainingAssignment.For(plan, plan.Model(ModelPlan.BaselineName)));
        var heldOut = baselineValidation.Ids.ToHashSet();

        foreach (var specialist in plan.Models.Where(m => !m.IsBaseline))
        {
            var (train, validation) = cache.Load(TrainingAssignment.For(plan, specialist));
            output.WriteLine($"{specialist.Name}: {train.Count} training, {validation.Count} validation rows");
            // The merged specialists can be scored on the baseline's validation faces: none trained on one, each held all out.
            Assert.DoesNotContain(train.Ids, heldOut.Contains);
            Assert.Superset(heldOut, validation.Ids.ToHashSet());
        }
    }
}
