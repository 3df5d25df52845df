using System.Diagnostics;
using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Hosting;

namespace KeypointGrains.Client.Tests;

/// <summary>
/// kg's embedded cluster is private to its run folder: campaigns in two folders train side by side on silos of their
/// own, and kg commands started beside a live training join that training's silo instead of hosting a second one.
/// Every kg here uses the defaults (no kg.json): the run folder alone keeps them apart.
/// </summary>
public class KgIsolationTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private readonly TemporaryFolder one = new(), two = new();
    private readonly List<(Task<KgProcess.Result> Run, int ProcessId)> trainings = [];

    [SkippableFact]
    public async Task Campaigns_in_two_folders_train_side_by_side_each_on_its_own_silo_and_storage()
    {
        var (dataOne, dataTwo) = (TrainingSlice.Write(one.Path, rows: 300), TrainingSlice.Write(two.Path, rows: 280));
        var (storageOne, storageTwo) = (Storage(one), Storage(two));
        var training = RunUntilStopped(one.Path, dataOne);
        var host = await LiveHost(storageOne, training);

        var beside = await KgProcess.RunAsync(two.Path, ["campaign", "--data", dataTwo, "--preset", "quick", "--network", "mlp",
            "--epochs", "1", "--campaign", "study"]);

        Assert.True(beside.ExitCode == 0, beside.ToString());
        Assert.Contains($"Hosting a silo in this process (state in {storageTwo})", beside.Output);
        Assert.Contains("Ensemble version 7", beside.Output);
        Assert.DoesNotContain($"127.0.0.1:{host.SiloPort} ", beside.Output);
        // The first campaign was training all along, on its own silo.
        Assert.Equal(host, HostedSilo.Find(storageOne));

        var first = await StopAsync(host, training);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Ensemble version 7", first.Output);
        // Each folder holds its own campaign: planned on its own data, with all seven models' checkpoints.
        foreach (var (storage, data) in new[] { (storageOne, dataOne), (storageTwo, dataTwo) })
        {
            Assert.Equal(7, Directory.GetDirectories(Path.Combine(storage, "checkpoints", "study")).Length);
            await using var cluster = await EmbeddedCluster.OpenAsync(new ClusterSettings { Storage = new StorageSettings { Directory = storage } });
            Assert.Equal(data, (await cluster.Campaigns().GetPlan("study")).DataPath);
            Assert.Equal(7, (await cluster.Campaigns().GetStatus("study")).ManifestVersion);
        }
    }

    [SkippableFact]
    public async Task Kg_status_beside_a_live_training_shows_its_progress_from_the_trainings_own_silo()
    {
        var data = TrainingSlice.Write(one.Path, rows: 300);
        var storage = Storage(one);
        var training = RunUntilStopped(one.Path, data);
        var host = await LiveHost(storage, training);
        await using (var client = await ClusterConnection.ConnectAsync(host.ClientSettings(new ClusterSettings())))
        {
            var seen = await Poll.Until(() => client.Campaigns().GetStatus("study"), s => s.Model(ModelPlan.BaselineName).Epoch >= 1,
                Limit, s => s?.Model(ModelPlan.BaselineName).ToString() ?? "no status");

            var status = await KgProcess.RunAsync(one.Path, ["status"]);

            Assert.True(status.ExitCode == 0, status.ToString());
            Assert.Contains($"Joining the silo that hosts {storage} ({host})", status.Output);
            Assert.DoesNotContain("Hosting a silo", status.Output);
            var row = Row(status.Output, ModelPlan.BaselineName);
            Assert.Equal(ModelPhase.Training.ToString(), row[1]);
            Assert.True(int.Parse(row[2]) >= seen.Model(ModelPlan.BaselineName).Epoch, status.Output);
            Assert.Equal($"127.0.0.1:{host.SiloPort} cpu", row[7]);
            Assert.Equal(host, HostedSilo.Find(storage));
        }
        Assert.Equal(0, (await StopAsync(host, training)).ExitCode);
    }

    /// <summary>kg campaign "study" whose baseline trains until it is told to stop; its specialists then train one epoch each.</summary>
    private static Task<KgProcess.Result> RunUntilStopped(string folder, string data) =>
        KgProcess.RunAsync(folder, ["campaign", "--data", data, "--preset", "quick", "--network", "mlp", "--epochs", "100000",
            "--patience", "100000", "--specialist-epochs", "1", "--campaign", "study"]);

    /// <summary>The silo the <paramref name="training"/> kg hosts on the storage directory, once it is up.</summary>
    private async Task<HostedSilo> LiveHost(string storage, Task<KgProcess.Result> training)
    {
        var host = (await Poll.Until(() => Task.FromResult(HostedSilo.Find(storage)), silo => silo is not null, Limit))!;
        trainings.Add((training, host.ProcessId));
        return host;
    }

    private static async Task<KgProcess.Result> StopAsync(HostedSilo host, Task<KgProcess.Result> training)
    {
        await using (var client = await ClusterConnection.ConnectAsync(host.ClientSettings(new ClusterSettings())))
            await client.Campaigns().RequestStop("study", ModelPlan.BaselineName);
        return await training;
    }

    /// <summary>The cells of a model's row in kg's campaign table.</summary>
    private static string[] Row(string output, string model) =>
        output.Split('\n').Select(line => line.Split('│', StringSplitOptions.TrimEntries)).First(cells => cells.Length > 2 && cells[1] == model)[1..^1];

    private static string Storage(TemporaryFolder folder) => Path.Combine(folder.Path, "runs", "cluster");

    public void Dispose()
    {
        // A test that failed before it stopped its training must not leave it running.
        foreach (var (run, processId) in trainings.Where(t => !t.Run.IsCompleted))
            Process.GetProcessById(processId).Kill(entireProcessTree: true);
        one.Dispose();
        two.Dispose();
    }
}
