using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Keypoints.Tuning;
using KeypointGrains.Specs;

namespace KeypointGrains.Keypoints.Tests.Tuning;

public class SearchSpaceTests
{
    private static readonly TrainingRecipe Quick = TrainingPresets.Resolve(TrainingPresets.Quick, "cnn-small").Recipe;

    [Fact]
    public void The_same_seed_draws_the_same_trials_and_values_stay_in_their_domain()
    {
        var space = SearchSpace.Parse(["lr=1e-4..1e-2", "batch=16,32,64", "augment=none,affine,affine+contrast"]);

        var trials = space.Sample(50, seed: 5);

        Assert.Equal(trials.Select(t => t.ToString()), space.Sample(50, seed: 5).Select(t => t.ToString()));
        Assert.NotEqual(trials.Select(t => t.ToString()), space.Sample(50, seed: 6).Select(t => t.ToString()));
        Assert.All(trials, trial =>
        {
            var recipe = trial.Recipe(Quick);
            Assert.InRange(recipe.LearningRateStart, 1e-4 * 0.999, 1e-2 * 1.001);
            Assert.Contains(recipe.BatchSize, new[] { 16, 32, 64 });
        });
        // Log-uniform: about as many draws below 1e-3 as above.
        var below = trials.Count(t => t.Recipe(Quick).LearningRateStart < 1e-3);
        Assert.InRange(below, 15, 35);
    }

    [Fact]
    public void A_trial_changes_only_what_it_names_and_the_schedule_scales_with_the_peak_rate()
    {
        var trial = new Trial(0, [KeyValuePair.Create("lr", "2e-3"), KeyValuePair.Create("augment", "affine+contrast")]);

        var recipe = trial.Recipe(Quick);

        Assert.Equal(2e-3, recipe.LearningRateStart, 12);
        Assert.Equal(Quick.LearningRateEnd * 2, recipe.LearningRateEnd, 12);
        Assert.Equal(["contrast", "affine"], recipe.Augmentations);
        Assert.Equal(["contrast"], AugmentationRegistry.Of(recipe).Expansions.Select(a => a.Name));
        Assert.Equal(Quick with { LearningRateStart = 0, LearningRateEnd = 0, Augmentations = [] },
            recipe with { LearningRateStart = 0, LearningRateEnd = 0, Augmentations = [] });
    }

    [Fact]
    public void A_json_space_reads_like_the_flags()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "space.json");
        File.WriteAllText(path, """{ "lr": [1e-4, 1e-2], "batch": [16, 32, 64], "network": ["cnn-small", "cnn-bn"] }""");

        var space = SearchSpace.Read(path);

        Assert.Equal("lr=0.0001..0.01 batch=16,32,64 network=cnn-small,cnn-bn", space.ToString());
    }

    [Theory]
    [InlineData("""{ "lr": [1e-2] }""", "'lr' must be [low, high]")]
    [InlineData("""{ "batch": 32 }""", "'batch' must be an array")]
    [InlineData("""{ "momentum": [0.8, 0.9] }""", "'momentum' is not a tunable parameter")]
    [InlineData("""{ "network": ["nosuch"] }""", "Unknown network 'nosuch'")]
    [InlineData("""{ "lr": [1e-2, 1e-4] }""", "0 < low <= high")]
    [InlineData("""[1, 2]""", "top level must be an object")]
    [InlineData("""{ "lr": """, "")]
    public void A_bad_json_space_is_refused_naming_the_file_and_the_parameter(string json, string message)
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "space.json");
        File.WriteAllText(path, json);

        var error = Assert.Throws<ArgumentException>(() => SearchSpace.Read(path));

        Assert.StartsWith($"{path}: ", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("lr=0.1", "'lr' takes a range low..high")]
    [InlineData("batch=1..4", "A batch size is a positive whole number")]
    [InlineData("augment=blur", "blur")]
    [InlineData("lr", "name=low..high or name=a,b,c")]
    public void Bad_flags_are_refused_with_the_reason(string term, string message) =>
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => SearchSpace.Parse([term])).Message);

    [Fact]
    public void A_parameter_named_twice_is_refused() =>
        Assert.Contains("named more than once", Assert.Throws<ArgumentException>(() => SearchSpace.Parse(["batch=16", "batch=32"])).Message);
}
