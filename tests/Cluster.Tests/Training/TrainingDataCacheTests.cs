using System.IO.Compression;
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
        var plain = plan.Model("eye-centers").Spec;
        var augmented = plain with { Recipe = plain.Recipe with { Augmentations = ["contrast", "unsharp"] } };
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
        var (_, baselineValidation) = cache.Load(plan.Model(ModelPlan.BaselineName).Spec);
        var heldOut = baselineValidation.Ids.ToHashSet();

        foreach (var specialist in plan.Models.Where(m => !m.IsBaseline))
        {
            var (train, validation) = cache.Load(specialist.Spec);
            output.WriteLine($"{specialist.Name}: {train.Count} training, {validation.Count} validation rows");
            // The merged specialists can be scored on the baseline's validation faces: none trained on one, each held all out.
            Assert.DoesNotContain(train.Ids, heldOut.Contains);
            Assert.Superset(heldOut, validation.Ids.ToHashSet());
        }
    }

    [SkippableFact]
    public void A_file_that_was_missing_is_read_once_it_is_put_back()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "training.csv");
        var plan = Support.Campaigns.Tiny("put-back", path);
        var spec = plan.Model(ModelPlan.BaselineName).Spec;
        var cache = new TrainingDataCache();

        Assert.ThrowsAny<IOException>(() => cache.Load(spec));
        WriteRows(TestData.TrainingCsv(), path, rows: 120);
        var (train, validation) = cache.Load(spec);

        Assert.Equal(120, train.Count + validation.Count);
        Assert.Equal([Path.GetFullPath(path)], cache.Files.Keys);
    }

    [Fact]
    public void Only_the_most_recently_used_values_are_kept_and_a_failed_load_is_not()
    {
        var loads = new List<string>();
        var cache = new RecentLoads<string, string>(capacity: 2);
        string Load(string key)
        {
            loads.Add(key);
            return key == "bad" && loads.Count(k => k == "bad") == 1 ? throw new IOException("not there yet") : key.ToUpperInvariant();
        }

        Assert.Equal("A", cache.Get("a", Load));
        Assert.Equal("B", cache.Get("b", Load));
        Assert.Equal("A", cache.Get("a", Load));
        Assert.Equal("C", cache.Get("c", Load));
        Assert.Equal(["c", "a"], cache.Keys);
        Assert.Equal("B", cache.Get("b", Load));
        Assert.Throws<IOException>(() => cache.Get("bad", Load));
        Assert.Equal(["b"], cache.Keys);
        Assert.Equal("BAD", cache.Get("bad", Load));

        Assert.Equal(["a", "b", "c", "b", "bad", "bad"], loads);
    }

    private static void WriteRows(string gzipped, string path, int rows)
    {
        using var source = new StreamReader(new GZipStream(File.OpenRead(gzipped), CompressionMode.Decompress));
        using var slice = new StreamWriter(path);
        for (int line = 0; line <= rows && source.ReadLine() is { } text; line++) slice.WriteLine(text);
    }
}
