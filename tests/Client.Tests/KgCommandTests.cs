using System.Text.Json;
using KeypointGrains.Client.Commands;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Storage;

namespace KeypointGrains.Client.Tests;

/// <summary>kg driven in-process on a slice of the real data: train, resume, evaluate, submit.</summary>
[Collection(KgConsoleCollection.Name)]
public class KgCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("kg-cli-").FullName;

    [SkippableFact]
    public async Task Train_writes_a_run_folder_and_a_second_call_resumes_it()
    {
        var slice = WriteTrainingSlice(rows: 160);
        var run = Path.Combine(folder, "run");
        string[] train = ["train", "--data", slice, "--network", "mlp", "--split", "random", "--out", run];

        Assert.Equal(0, await KgApp.RunAsync([.. train, "--epochs", "2"]));
        var folderFiles = new RunFolder(run);
        foreach (var file in new[] { folderFiles.CheckpointFile, folderFiles.ModelFile, folderFiles.HistoryCsvFile, folderFiles.EvaluationFile })
            Assert.True(File.Exists(file), $"{file} missing");
        var firstTwo = File.ReadAllLines(folderFiles.HistoryCsvFile);
        Assert.Equal(3, firstTwo.Length);

        // A longer budget resumes after epoch 2: the first two epochs are kept as they were, not retrained.
        Assert.Equal(0, await KgApp.RunAsync([.. train, "--epochs", "3"]));
        var resumed = File.ReadAllLines(folderFiles.HistoryCsvFile);
        Assert.Equal(4, resumed.Length);
        Assert.Equal(firstTwo, resumed.Take(3));
    }

    [SkippableFact]
    public async Task Submit_writes_exactly_the_rows_of_the_lookup_table()
    {
        var slice = WriteTrainingSlice(rows: 120);
        var run = Path.Combine(folder, "mean");
        Assert.Equal(0, await KgApp.RunAsync(["train", "--data", slice, "--network", "mean", "--out", run]));
        var submission = Path.Combine(folder, "submission.csv");
        Assert.Equal(0, await KgApp.RunAsync(["submit", "--run", run, "--test", TestData.Fkd("test.csv.gz"),
            "--lookup", TestData.Fkd("IdLookupTable.csv.gz"), "--out", submission]));
        var lines = File.ReadAllLines(submission);
        Assert.Equal("RowId,Location", lines[0]);
        Assert.Equal(9744, lines.Length - 1);
        Assert.Equal(Enumerable.Range(1, 9744).Select(i => i.ToString()), lines.Skip(1).Select(l => l.Split(',')[0]));
    }

    [SkippableFact]
    public async Task Train_with_augmentations_expands_only_the_training_faces_and_records_them()
    {
        var slice = WriteTrainingSlice(rows: 160);
        var run = new RunFolder(Path.Combine(folder, "augmented"));
        Assert.Equal(0, await KgApp.RunAsync(
            ["train", "--data", slice, "--preset", "seed", "--network", "mlp", "--epochs", "1", "--augment", "contrast,affine", "--out", run.Path]));

        // The split the command made, made again here: the validation side must be untouched by the expansion.
        var complete = KaggleCsvReader.ReadTraining(slice).Labelled(Enumerable.Range(0, KeypointSchema.ColumnCount).ToArray());
        var (train, validation) = DataSplit.GroupedTrainValidation(complete, 0.2, 42);
        using var description = JsonDocument.Parse(File.ReadAllText(run.RunFile));
        var root = description.RootElement;
        Assert.Equal(["contrast", "affine"], root.GetProperty("Model").GetProperty("Recipe").GetProperty("Augmentations").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(train.Count, root.GetProperty("SplitTrainingFaces").GetInt32());
        Assert.Equal((1 + 1) * train.Count, root.GetProperty("TrainingFaces").GetInt32());
        Assert.Equal(validation.Count, root.GetProperty("ValidationFaces").GetInt32());
        Assert.Equal(2, File.ReadAllLines(run.HistoryCsvFile).Length);
    }

    [SkippableFact]
    public async Task Train_with_a_preset_takes_its_recipe_and_the_learning_rate_flag_overrides_its_rate()
    {
        var slice = WriteTrainingSlice(rows: 120);
        var run = new RunFolder(Path.Combine(folder, "best-lr"));
        Assert.Equal(0, await KgApp.Create().RunAsync(
            ["train", "--data", slice, "--preset", "best", "--network", "mlp", "--epochs", "1", "--lr", "0.0007", "--out", run.Path]));
        using var description = JsonDocument.Parse(File.ReadAllText(run.RunFile));
        var recipe = description.RootElement.GetProperty("Model").GetProperty("Recipe");
        Assert.Equal(0.0007, recipe.GetProperty("LearningRateStart").GetDouble());
        Assert.Equal("adamw", recipe.GetProperty("Optimizer").GetString());
    }

    [Fact]
    public async Task Train_with_an_unknown_augmentation_names_the_known_ones()
    {
        var error = await Assert.ThrowsAsync<UsageException>(() => KgApp.RunAsync(
            ["train", "--data", Path.Combine(folder, "never-read.csv"), "--network", "mlp", "--augment", "contrast,blur"]));
        Assert.Contains("'blur'", error.Message);
        Assert.Contains("contrast, unsharp, adaptive3, adaptive9, affine", error.Message);
    }

    /// <summary>Option descriptions are markup: a bracket left unescaped in one of them breaks its command's help.</summary>
    [Theory]
    [InlineData("train"), InlineData("campaign"), InlineData("evaluate"), InlineData("predict"), InlineData("submit"), InlineData("serve")]
    [InlineData("tune"), InlineData("status"), InlineData("augment-study"), InlineData("ablation-study"), InlineData("report")]
    [InlineData("fit-framing"), InlineData("bench"), InlineData("bench train")]
    [InlineData("bench infer"), InlineData("bench load"), InlineData("bench serve"), InlineData("bench chaos"), InlineData("bench photos")]
    [InlineData("bench tune")]
    public async Task Every_commands_help_is_shown(string command) => Assert.Equal(0, await KgApp.RunAsync([.. command.Split(' '), "--help"]));

    [Fact]
    public async Task An_unknown_network_is_refused_before_any_data_is_read_or_folder_made()
    {
        var run = Path.Combine(folder, "nosuch");
        var train = await Assert.ThrowsAsync<UsageException>(() => KgApp.RunAsync(
            ["train", "--data", Path.Combine(folder, "never-read.csv"), "--network", "nosuch", "--out", run]));
        var data = Path.Combine(folder, "not-read.csv");
        File.WriteAllText(data, "");
        var campaign = await Assert.ThrowsAsync<UsageException>(() => KgApp.RunAsync(
            ["campaign", "--data", data, "--network", "mean", "--campaign", "never-started"]));

        Assert.Equal("--network: unknown network 'nosuch'. Known: mean, mlp, cnn-small, cnn-large, cnn-bn, cnn-res, cnn-res16.", train.Message);
        Assert.StartsWith("--network: unknown network 'mean'. Known: mlp,", campaign.Message);
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public async Task A_campaign_on_a_missing_file_is_refused_before_a_silo_starts()
    {
        var missing = Path.Combine(folder, "no-such-training.csv");
        var error = await Assert.ThrowsAsync<UsageException>(() => KgApp.RunAsync(["campaign", "--data", missing, "--campaign", "never-started"]));
        Assert.Equal($"--data: there is no file '{missing}'.", error.Message);
    }

    [Fact]
    public async Task A_search_report_is_refused_beside_a_campaign_before_a_silo_starts()
    {
        var error = await Assert.ThrowsAsync<UsageException>(() => KgApp.RunAsync(
            ["report", "--tune", "search", "--campaign", "study", "--out", Path.Combine(folder, "report")]));
        Assert.Contains("--tune reports a search on its own", error.Message);
        Assert.False(Directory.Exists(Path.Combine(folder, "report")));
    }

    [Fact]
    public async Task A_preset_file_is_refused_beside_a_preset_and_a_bad_one_before_a_silo_starts()
    {
        var data = Path.Combine(folder, "training.csv");
        File.WriteAllText(data, "x");
        var file = Path.Combine(folder, "tuned.json");
        File.WriteAllText(file, "{\"preset\": \"quick\", \"parameters\": {\"lr\": \"fast\"}}");
        var both = await Assert.ThrowsAsync<UsageException>(() => KgApp.RunAsync(["campaign", "--data", data, "--preset", "best", "--preset-file", file]));
        Assert.Contains("not both", both.Message);
        var bad = await Assert.ThrowsAsync<InvalidDataException>(() => KgApp.RunAsync(["campaign", "--data", data, "--preset-file", file, "--campaign", "never-started"]));
        Assert.StartsWith(file + ": ", bad.Message);
        Assert.Contains("'fast' is not a value of 'lr'", bad.Message);
    }

    [Fact]
    public void An_argument_error_reads_without_the_code_name_of_its_parameter() =>
        Assert.Equal("'nosuch' is not a trainable network.", ErrorLine.Of(new ArgumentException("'nosuch' is not a trainable network.", "options")));

    [Fact]
    public async Task Train_without_data_says_what_is_missing()
    {
        var error = await Assert.ThrowsAsync<UsageException>(() => KgApp.RunAsync(["train", "--network", "mlp"]));
        Assert.Contains("--data", error.Message);
    }

    private string WriteTrainingSlice(int rows) => TrainingSlice.Write(folder, rows);

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
