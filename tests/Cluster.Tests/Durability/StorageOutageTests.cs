using KeypointGrains.Client.Chaos;
using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Hosting.Storage;
using Xunit.Abstractions;

namespace KeypointGrains.Cluster.Tests.Durability;

/// <summary>
/// Azure Storage (an Azurite of the test's own) stopped while two silo processes train a campaign, then started again
/// with its data. kg bench chaos --outage runs the 30 s version of this on the quick preset.
/// </summary>
public class StorageOutageTests(ITestOutputHelper output)
{
    private const string Campaign = "outage";
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    [SkippableFact]
    public async Task Training_goes_on_through_a_storage_outage_and_the_campaign_completes_with_every_checkpoint_whole()
    {
        var data = TestData.TrainingCsv();
        Skip.If(!Azurite.NodeInstalled, "node/npm is not installed, so Azurite cannot run.");
        using var folder = new TemporaryFolder();
        using var storage = new AzuriteProcess(Checkout.Azurite(), folder.File("azurite"));
        await storage.StartAsync(TimeSpan.FromMinutes(1));
        var clusterId = $"outage-{Guid.NewGuid():N}";
        using var silos = ProcessCluster.Azure(Checkout.SiloHost(), storage.ConnectionString, clusterId, 2, ["--Training:WatchdogSeconds=2"]);
        await silos.StartAllAsync();
        await using var client = await silos.ConnectAsync();
        var campaigns = client.Campaigns();
        // An epoch budget no run reaches, however fast its epochs: the test waits on epochs, and ends the runs itself.
        var plan = Support.Campaigns.Tiny(Campaign, data, epochs: 1000).Only(ModelPlan.BaselineName, "nose-tip") with
        {
            Checkpoints = new CheckpointPolicy { Overhead = 0 },
        };
        await campaigns.StartCampaign(plan);
        await Until(campaigns, s => s.Models.All(m => m.Epoch >= 2), TimeSpan.FromMinutes(3));

        storage.Stop();
        var outageStarted = DateTime.UtcNow;
        // Read once storage is down: each model's epoch after next starts and ends in the outage.
        var beforeOutage = await campaigns.GetStatus(Campaign);
        // Every model trains on: it reports epochs whose checkpoints cannot be stored. The outage lasts at least its length.
        await Until(campaigns, s => s.Models.All(m => m.Epoch > beforeOutage.Model(m.Model).Epoch + 1)
            && DateTime.UtcNow - outageStarted >= Outage, TimeSpan.FromMinutes(3));
        await storage.StartAsync(TimeSpan.FromMinutes(1));
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
    }

    private static Task<CampaignStatus> Until(CampaignClient campaigns, Func<CampaignStatus, bool> until, TimeSpan limit) =>
        Poll.Until(() => campaigns.GetStatus(Campaign), until, limit, Support.Campaigns.Describe,
            transient: error => error is OrleansException or TimeoutException);
}
