using System.IO.Compression;
using KeypointGrains.Client.Commands;
using KeypointGrains.Keypoints.Storage;
using KeypointGrains.Keypoints.Tests;

namespace KeypointGrains.Client.Tests;

/// <summary>kg driven in-process on a slice of the real data: train, resume, evaluate, submit.</summary>
public class KgCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("kg-cli-").FullName;

    [SkippableFact]
    public async Task Train_writes_a_run_folder_and_a_second_call_resumes_it()
    {
        var slice = WriteTrainingSlice(rows: 160);
        var run = Path.Combine(folder, "run");
        string[] train = ["train", "--data", slice, "--model", "mlp", "--split", "random", "--out", run];

        Assert.Equal(0, await KgApp.Create().RunAsync([.. train, "--epochs", "2"]));
        var folderFiles = new RunFolder(run);
        foreach (var file in new[] { folderFiles.CheckpointFile, folderFiles.ModelFile, folderFiles.HistoryCsvFile, folderFiles.EvaluationFile })
            Assert.True(File.Exists(file), $"{file} missing");
        var firstTwo = File.ReadAllLines(folderFiles.HistoryCsvFile);
        Assert.Equal(3, firstTwo.Length);

        // A longer budget resumes after epoch 2: the first two epochs are kept as they were, not retrained.
        Assert.Equal(0, await KgApp.Create().RunAsync([.. train, "--epochs", "3"]));
        var resumed = File.ReadAllLines(folderFiles.HistoryCsvFile);
        Assert.Equal(4, resumed.Length);
        Assert.Equal(firstTwo, resumed.Take(3));
    }

    [SkippableFact]
    public async Task Submit_writes_exactly_the_rows_of_the_lookup_table()
    {
        var slice = WriteTrainingSlice(rows: 120);
        var run = Path.Combine(folder, "mean");
        Assert.Equal(0, await KgApp.Create().RunAsync(["train", "--data", slice, "--model", "mean", "--out", run]));
        var submission = Path.Combine(folder, "submission.csv");
        Assert.Equal(0, await KgApp.Create().RunAsync(["submit", "--model", run, "--test", TestData.Fkd("test.csv.gz"),
            "--lookup", TestData.Fkd("IdLookupTable.csv.gz"), "--out", submission]));
        var lines = File.ReadAllLines(submission);
        Assert.Equal("RowId,Location", lines[0]);
        Assert.Equal(9744, lines.Length - 1);
        Assert.Equal(Enumerable.Range(1, 9744).Select(i => i.ToString()), lines.Skip(1).Select(l => l.Split(',')[0]));
    }

    [Fact]
    public async Task Train_without_data_says_what_is_missing()
    {
        var error = await Assert.ThrowsAsync<UsageException>(() => KgApp.Create().RunAsync(["train", "--model", "mlp"]));
        Assert.Contains("--data", error.Message);
    }

    private string WriteTrainingSlice(int rows)
    {
        var path = Path.Combine(folder, $"training-{rows}.csv");
        using var source = new StreamReader(new GZipStream(File.OpenRead(TestData.Fkd("training.csv.gz")), CompressionMode.Decompress));
        using var slice = new StreamWriter(path);
        for (int line = 0; line <= rows && source.ReadLine() is { } text; line++) slice.WriteLine(text);
        return path;
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
