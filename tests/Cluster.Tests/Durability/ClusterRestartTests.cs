using System.Text.RegularExpressions;
using KeypointGrains.Client.Chaos;
using KeypointGrains.Client.Processes;
using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Hosting.Storage;
using KeypointGrains.Specs;
using Xunit.Abstractions;

namespace KeypointGrains.Cluster.Tests.Durability;

/// <summary>
/// The single-machine cluster (a silo process, its state and checkpoints in a directory, reminders in memory) killed
/// mid-campaign and started again: its start-up scan resumes the campaign with nobody asking.
/// </summary>
public class ClusterRestartTests(ITestOutputHelper output)
{
    private const string Campaign = "restart-local";

    [SkippableFact]
    public async Task A_local_cluster_started_again_resumes_its_campaign_by_itself_each_model_once()
    {
        var data = TestData.TrainingCsv();
        using var folder = new TemporaryFolder();
        using var silos = ProcessCluster.Local(Checkout.SiloHost(), folder.Path, ["--Training:WatchdogSeconds=2"]);
        // An epoch budget no run reaches, however fast its epochs: the test waits on epochs, and ends the runs itself.
        var plan = Support.Campaigns.Tiny(Campaign, data, epochs: 1000).Only(ModelPlan.BaselineName, "nose-tip").WithSpecs(spec => spec with { Checkpoints = new CheckpointPolicy { Overhead = 0 } });
        await silos.StartAllAsync();
        await using (var client = await silos.ConnectAsync())
        {
            var campaigns = client.Campaigns();
            await campaigns.StartCampaign(plan);
            await Poll.Until(() => campaigns.GetStatus(Campaign), s => s.Models.All(m => m.Epoch >= 2), TimeSpan.FromMinutes(3),
                Support.Campaigns.Describe);
        }
        silos.KillAll();
        var checkpointed = CheckpointedEpochs(folder.Path);
        output.WriteLine($"killed with checkpoints at {string.Join(", ", checkpointed.Select(c => $"{c.Key}@{c.Value}"))}");

        // Nobody calls the cluster: new checkpoints on disk are the only sign that training goes on.
        await silos.StartAllAsync();
        await Poll.Until(() => Task.FromResult(CheckpointedEpochs(folder.Path)),
            now => plan.Models.All(m => now.GetValueOrDefault(m.Name) > checkpointed.GetValueOrDefault(m.Name)), TimeSpan.FromMinutes(3),
            now => string.Join(", ", now?.Select(c => $"{c.Key}@{c.Value}") ?? []));

        await using var restarted = await silos.ConnectAsync();
        var resumed = restarted.Campaigns();
        await resumed.RequestStop(Campaign);
        var done = await Support.Campaigns.Completion(resumed, Campaign, TimeSpan.FromMinutes(3));
        Assert.All(done.Models, m => Assert.Equal(ModelPhase.Finished, m.Phase));
        Assert.All(done.Models, m => Assert.True(m.EpochsRepeated <= 1, $"{m.Model} repeated {m.EpochsRepeated} epochs"));
        var history = await resumed.GetHistory(Campaign);
        Assert.All(history, h => Assert.Equal(Enumerable.Range(1, h.Epochs.Count), h.Epochs.Select(e => e.Epoch)));
        // One run per model after the restart, though the silo scanned and the client asked too: one activation each.
        var lines = silos.Silos.SelectMany(s => s!.Lines).ToArray();
        foreach (var model in plan.Models)
            Assert.Single(lines, l => l.Contains($"{Campaign}/{model.Name} resumes after epoch"));
        Assert.Contains(lines, l => l.Contains($"Resumed {Campaign} because this silo started"));
    }

    /// <summary>Each model's newest trainer checkpoint on disk (trainer-00007-g2.ckpt: 7).</summary>
    private static Dictionary<string, int> CheckpointedEpochs(string root)
    {
        var folder = Path.Combine(root, CheckpointStores.Container, Campaign);
        if (!Directory.Exists(folder)) return [];
        return Directory.EnumerateFiles(folder, "trainer-*.ckpt", SearchOption.AllDirectories)
            .GroupBy(path => Path.GetFileName(Path.GetDirectoryName(path))!)
            .ToDictionary(g => g.Key, g => g.Max(path => int.Parse(Regex.Match(Path.GetFileName(path), @"\d+").Value)));
    }
}
