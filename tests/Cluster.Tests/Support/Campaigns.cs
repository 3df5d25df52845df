using KeypointGrains.Client.Commands;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;

namespace KeypointGrains.Cluster.Tests.Support;

public static class Campaigns
{
    /// <summary>The seed's seven models kept tiny: an MLP, a few epochs on a few hundred rows.</summary>
    public static CampaignPlan Tiny(string id, string dataPath, int epochs = 3, bool specialistsFromBaseline = false) =>
        CampaignPlans.SeedStudy(id, dataPath, new TrainingSettings
        {
            Network = "mlp", MaxEpochs = epochs, Patience = 100, BatchSize = 64, MaxRows = 240, LearningRateStart = 0.01,
        }, specialistsFromBaseline);

    /// <summary>Waits (polling) until the campaign completes; fails with its last status after <paramref name="limit"/>.</summary>
    public static async Task<CampaignStatus> Completion(CampaignClient client, string id, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        CampaignStatus? last = null;
        try
        {
            await foreach (var status in client.WatchStatus(id, TimeSpan.FromMilliseconds(250), timeout.Token))
                last = status;
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Campaign {id} did not complete within {limit}: " +
                string.Join("; ", last?.Models.Select(m => $"{m.Model} {m.Phase} epoch {m.Epoch} {m.Error}") ?? []));
        }
        return last!;
    }
}
