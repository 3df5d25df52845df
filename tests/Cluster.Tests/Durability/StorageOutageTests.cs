using System.Text.RegularExpressions;
using KeypointGrains.Client.Chaos;
using KeypointGrains.Client.Processes;
using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Hosting.Storage;
using KeypointGrains.Specs;
using Xunit.Abstractions;

namespace KeypointGrains.Cluster.Tests.Durability;

/// <summary>
/// Azure Storage (an Azurite of the test's own) stopped while two silo processes train a campaign, then started again
/// with its data 30 s later. Secrets given to the silos and to kg never show in what they print.
/// </summary>
public class StorageOutageTests(ITestOutputHelper output)
{
    private const string Campaign = "outage";
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);
    private const string DashboardPassword = "outage-test-dashboard-password";

    [SkippableFact]
    public async Task Training_goes_on_through_a_storage_outage_and_the_campaign_completes_with_every_checkpoint_whole()
    {
        var data = TestData.TrainingCsv();
        Skip.If(!Azurite.NodeInstalled, "node/npm is not installed, so Azurite cannot run.");
        using var folder = new TemporaryFolder();
        using var storage = new AzuriteProcess(Checkout.Azurite(), folder.File("azurite"));
        await storage.StartAsync(TimeSpan.FromMinutes(1));
        var clusterId = $"outage-{Guid.NewGuid():N}";
        using var silos = ProcessCluster.Azure(Checkout.SiloHost(), storage.ConnectionString, clusterId, 2,
            ["--Training:WatchdogSeconds=2", "--Dashboard:Username=kg", $"--Dashboard:Password={DashboardPassword}"]);
        await silos.StartAllAsync();
        await using var client = await silos.ConnectAsync();
        var campaigns = client.Campaigns();
        // An epoch budget no run reaches, however fast its epochs: the test waits on epochs, and ends the runs itself.
        var plan = Support.Campaigns.Tiny(Campaign, data, epochs: 1000).Only(ModelPlan.BaselineName, "nose-tip").WithSpecs(spec => spec with { Checkpoints = new CheckpointPolicy { Overhead = 0 } });
        await campaigns.StartCampaign(plan);
        await Until(campaigns, s => s.Models.All(m => m.Epoch >= 2), TimeSpan.FromMinutes(3));

        storage.Stop();
        var outageStarted = DateTime.UtcNow;
        // Read once storage is down: each model's epoch after next starts and ends in the outage.
        var beforeOutage = await campaigns.GetStatus(Campaign);
        // Every model trains on: it reports epochs whose checkpoints cannot be stored. The outage lasts at least its length.
        await Until(campaigns, s => s.Models.All(m => m.Epoch > beforeOutage.Model(m.Model).Epoch + 1)
            && DateTime.UtcNow - outageStarted >= Outage, TimeSpan.FromMinutes(3));
        // Azurite reloads its data as it starts again: on a loaded machine that took over a minute.
        await storage.StartAsync(TimeSpan.FromMinutes(3));
        var afterOutage = await campaigns.GetStatus(Campaign);
        output.WriteLine($"storage down {(DateTime.UtcNow - outageStarted).TotalSeconds:F0} s; epochs at stop " +
                         $"{string.Join(", ", beforeOutage.Models.Select(m => $"{m.Model}@{m.Epoch}"))}, once back " +
                         $"{string.Join(", ", afterOutage.Models.Select(m => $"{m.Model}@{m.Epoch}"))}");

        // Checkpoints are stored again once storage is back; then the runs are ended.
        await Until(campaigns, s => s.Models.All(m => m.Epoch >= afterOutage.Model(m.Model).Epoch + 2), TimeSpan.FromMinutes(3));
        await campaigns.RequestStop(Campaign);
        var done = await Support.Campaigns.Completion(campaigns, Campaign, TimeSpan.FromMinutes(3));

        Assert.All(done.Models, m => Assert.Equal(ModelPhase.Finished, m.Phase));
        Assert.All(done.Models, m => Assert.True(m.EpochsRepeated <= 1, $"{m.Model} repeated {m.EpochsRepeated} epochs"));
        var history = await campaigns.GetHistory(Campaign);
        Assert.All(history, h => Assert.Equal(Enumerable.Range(1, h.Epochs.Count), h.Epochs.Select(e => e.Epoch)));
        // Epochs that ended during the outage went without checkpoints; the ones after it have theirs again.
        Assert.All(history, h => Assert.Contains(h.Epochs, e => e.Checkpoint is null));
        Assert.All(history, h => Assert.NotNull(h.Epochs[^2].Checkpoint));
        // Every best model is whole: its seal is checked as it is read.
        var store = new AzureBlobCheckpointStore(AzureStorageClients.Blobs(storage.ConnectionString), CheckpointStores.Container);
        foreach (var member in (await campaigns.GetManifest(Campaign)).Members)
            await using (await store.OpenReadAsync(member.Checkpoint)) { }

        // The silos' logs: one line per event, the outage named, no stack traces.
        var lines = silos.Silos.SelectMany(s => s!.Lines).ToArray();
        Assert.Contains(lines, l => l.Contains("no checkpoint after epoch") && l.Contains("training goes on"));
        Assert.All(lines, l => Assert.Matches(@"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} (trce|dbug|info|warn|fail|crit) |silo ready: )", l));

        // Neither the silos, through an outage's errors, nor kg status print the storage account key or the dashboard password.
        var status = await KgProcess.RunAsync(new Dictionary<string, string>
        {
            ["KG_Cluster__Clustering"] = "AzureStorage", ["KG_Cluster__ClusterId"] = clusterId, ["KG_Cluster__ServiceId"] = clusterId,
            ["KG_Storage__Kind"] = "AzureStorage", ["KG_Storage__ConnectionString"] = storage.ConnectionString,
        }, "status", Campaign, "--cluster");
        Assert.True(status.ExitCode == 0, status.Output);
        Assert.Contains("nose-tip", status.Output);
        string accountKey = Regex.Match(storage.ConnectionString, "AccountKey=([^;]+)").Groups[1].Value;
        foreach (var secret in new[] { accountKey, DashboardPassword })
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret));
            Assert.DoesNotContain(secret, status.Output);
        }
    }

    private static Task<CampaignStatus> Until(CampaignClient campaigns, Func<CampaignStatus, bool> until, TimeSpan limit) =>
        Poll.Until(() => campaigns.GetStatus(Campaign), until, limit, Support.Campaigns.Describe,
            transient: error => error is OrleansException or TimeoutException);
}
