using KeypointGrains.Keypoints.Training;
using KeypointGrains.Keypoints.Tuning;

namespace KeypointGrains.Keypoints.Tests.Tuning;

public sealed class PresetFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("kg-preset-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_trial_written_as_a_preset_file_reads_back_to_the_recipe_the_trial_trained()
    {
        var trial = new Trial(7, [new("lr", "0.0021"), new("batch", "64"), new("weight-decay", "0.003"), new("augment", "affine+contrast")]);
        var path = Path.Combine(folder, "best.json");
        PresetFile.Of(trial, TrainingPresets.Quick, "cnn-small", 9, "a search").Write(path);

        var preset = PresetFile.Read(path).Resolve();
        var trained = trial.Recipe(TrainingPresets.Resolve(TrainingPresets.Quick, "cnn-small").Recipe with { MaxEpochs = 9, Patience = 9 });

        Assert.Equal(trained, preset.Recipe);
        Assert.Equal((0.0021, 64, 0.003, 9, "cnn-small"),
            (preset.Recipe.LearningRateStart, preset.Recipe.BatchSize, preset.Recipe.WeightDecay, preset.Recipe.MaxEpochs, preset.Recipe.Network));
        Assert.Equal("cnn-small", preset.SpecialistRecipe.Network);
        // The trial's augmentations, the one that expands the faces too, and the specialists train with them.
        Assert.Equal(["contrast", "affine"], preset.Recipe.Augmentations);
        Assert.Superset(new HashSet<string> { "contrast", "affine" }, preset.SpecialistRecipe.Augmentations.ToHashSet());
        Assert.Contains("\"origin\": \"a search\"", File.ReadAllText(path));
    }

    [Theory]
    [InlineData("{", "not a preset file")]
    [InlineData("{\"parameters\": {}}", "'preset'")]
    [InlineData("{\"preset\": \"fastest\"}", "Unknown preset 'fastest'")]
    [InlineData("{\"preset\": \"quick\", \"parameters\": {\"momentum\": \"0.5\"}}", "'momentum' is not a tunable parameter")]
    [InlineData("{\"preset\": \"quick\", \"parameters\": {\"batch\": \"-3\"}}", "positive whole number")]
    public void A_bad_preset_file_is_one_error_that_names_the_file_and_the_problem(string text, string named)
    {
        var path = Path.Combine(folder, "bad.json");
        File.WriteAllText(path, text);
        var error = Assert.Throws<InvalidDataException>(() => PresetFile.Read(path));
        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(folder, "none.json");
        Assert.StartsWith(path + ": cannot read", Assert.Throws<InvalidDataException>(() => PresetFile.Read(path)).Message);
    }
}
