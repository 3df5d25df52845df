using System.Diagnostics;
using KeypointGrains.Client.Chaos;
using KeypointGrains.Client.Hosts;
using KeypointGrains.Client.Processes;
using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Training;
using Xunit.Abstractions;

namespace KeypointGrains.Cluster.Tests.Hosts;

/// <summary>
/// Three hosts (network namespaces) with a silo each, Azurite on a storage host of its own, Azure Storage clustering.
/// The host training a specialist is cut from the other silos (not from storage) mid-training, then healed: the
/// cluster declares it dead and trains its models elsewhere, while the cut silo may train them on until it learns of
/// its death. One writer per model holds: the campaign completes, no checkpoint is replaced by an older one, and few
/// epochs are repeated.
/// </summary>
public class PartitionTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Cut = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);
    private const string Victim = "nose-tip";

    [SkippableFact]
    public async Task A_host_cut_from_the_other_silos_loses_its_models_to_them_and_the_campaign_completes_with_one_writer_per_model()
    {
        var data = TestData.TrainingCsv();
        Skip.If(Environment.UserName != "root", "network namespaces need root");
        Skip.If(!Azurite.NodeInstalled, "node/npm is not installed, so Azurite cannot run.");
        using var folder = new TemporaryFolder();
        using var network = NetworkHosts.Create(hosts: 3);
        using var storage = new AzuriteProcess(Checkout.Azurite(), folder.File("azurite"), network.StorageAddress,
            NetworkHosts.RunIn(network.StorageNamespace));
        await storage.StartAsync(TimeSpan.FromMinutes(1));
        var campaign = $"cut-{Guid.NewGuid():N}"[..16];
        using var silos = ProcessCluster.OnHosts(Checkout.SiloHost(), network, storage.ConnectionString, campaign,
            [.. Durability.SiloFailureTests.FastFailureDetection, "--Training:WatchdogSeconds=2"]);
        await silos.StartAllAsync();
        await using var client = await silos.ConnectAsync();
        var campaigns = client.Campaigns();
        // An epoch budget no run reaches: the test ends the runs itself. A checkpoint after every epoch.
        var plan = Support.Campaigns.Tiny(campaign, data, epochs: 1000).Only(ModelPlan.BaselineName, Victim, "eye-centers") with
        {
            Checkpoints = new CheckpointPolicy { Overhead = 0 },
        };
        await campaigns.StartCampaign(plan);

        var atCut = await Until(campaigns, campaign, s => s.Models.All(m => m.Epoch >= 2));
        int cutHost = silos.SlotOf(atCut.Model(Victim).Silo);
        Assert.NotEqual(-1, cutHost);
        var cutSilo = silos.Silos[cutHost]!.Address;
        network.Cut(cutHost, HostLink.Peers);
        var clock = Stopwatch.StartNew();
        // The victim trains on another host: the cluster declared the cut one dead and its grains activated elsewhere.
        var moved = await Until(campaigns, campaign, s => s.Model(Victim) is var m && m.Silo != cutSilo && m.Epoch > atCut.Model(Victim).Epoch);
        var failover = clock.Elapsed;
        while (clock.Elapsed < Cut) await Task.Delay(250);
        network.Heal();

        var healed = await campaigns.GetStatus(campaign);
        await Until(campaigns, campaign, s => s.Models.All(m => m.Epoch >= healed.Model(m.Model).Epoch + 2));
        await campaigns.RequestStop(campaign);
        var done = await Support.Campaigns.Completion(campaigns, campaign, Limit);

        var lines = silos.Silos.SelectMany(s => s!.Lines).ToArray();
        int refused = lines.Count(l => l.Contains("its state write was refused")) + lines.Count(l => l.Contains("another run holds this model"));
        var grains = await Task.WhenAll(done.Models.Select(m =>
            client.Client.GetGrain<IModelTrainingGrain>(TrainingAssignment.TrainingGrainKey(campaign, m.Model)).GetStatus()));
        output.WriteLine(string.Join('\n', network.Events));
        output.WriteLine($"partition: cut_host={cutHost} failover_s={failover.TotalSeconds:F1} writes_refused={refused} " +
                         $"epochs_repeated_max={done.Models.Max(m => m.EpochsRepeated)} " +
                         $"older_checkpoint_writes={grains.Sum(g => g.OlderCheckpointWrites)} " +
                         $"moved={string.Join(",", done.Models.Where(m => atCut.Model(m.Model).Silo == cutSilo).Select(m => m.Model))} " +
                         $"cut_silo_running_after_heal={silos.Silos[cutHost]!.Running}");

        Assert.All(done.Models, m => Assert.Equal(ModelPhase.Finished, m.Phase));
        Assert.NotEqual(cutSilo, moved.Model(Victim).Silo);
        Assert.All(done.Models, m => Assert.True(m.EpochsRepeated <= 2, $"{m.Model} repeated {m.EpochsRepeated} epochs"));
        Assert.All(grains, g => Assert.Equal(0, g.OlderCheckpointWrites));
        var histories = await campaigns.GetHistory(campaign);
        Assert.All(histories, h => Assert.Equal(Enumerable.Range(1, h.Epochs.Count), h.Epochs.Select(e => e.Epoch)));
        Assert.Contains(network.Events, e => e.Contains($"cut host {cutHost}") && e.Contains("from peers, both ways"));
        Assert.Contains(network.Events, e => e.Contains("healed"));
    }

    private static Task<CampaignStatus> Until(CampaignClient campaigns, string campaign, Func<CampaignStatus, bool> until) =>
        Poll.Until(() => campaigns.GetStatus(campaign), until, Limit, Support.Campaigns.Describe,
            transient: error => error is OrleansException or TimeoutException);
}
