using KeypointGrains.Client.Commands;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Specs;

namespace KeypointGrains.Cluster.Tests.Support;

public static class Campaigns
{
    /// <summary>A tiny recipe: an MLP, a few epochs on a couple of hundred training faces.</summary>
    public static TrainingRecipe TinyRecipe(int epochs = 3) =>
        new() { Network = "mlp", MaxEpochs = epochs, Patience = 100, BatchSize = 64, MaxTrainingFaces = 192, LearningRateStart = 0.01 };

    /// <summary>The seed's seven models kept tiny.</summary>
    public static CampaignPlan Tiny(string id, string dataPath, int epochs = 3, bool specialistsFromBaseline = false) =>
        CampaignPlans.SeedStudy(id, dataPath, new SplitSpec(), TinyRecipe(epochs), TinyRecipe(epochs), specialistsFromBaseline);

    /// <summary>The plan with <paramref name="change"/> applied to every model's recipe.</summary>
    public static CampaignPlan WithRecipes(this CampaignPlan plan, Func<ModelPlan, TrainingRecipe> change) =>
        plan with { Models = plan.Models.Select(m => m with { Spec = m.Spec with { Recipe = change(m) } }).ToArray() };

    /// <summary>The plan with only the models named.</summary>
    public static CampaignPlan Only(this CampaignPlan plan, params string[] models) =>
        plan with { Models = plan.Models.Where(m => models.Contains(m.Name)).ToArray() };

    /// <summary>Waits (on states) until the campaign completes; fails with its last status after <paramref name="limit"/>.</summary>
    public static async Task<CampaignStatus> Completion(CampaignClient client, string id, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        CampaignStatus? last = null;
        try
        {
            await foreach (var status in client.WatchStatus(id, TimeSpan.FromMilliseconds(100), timeout.Token))
                last = status;
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Campaign {id} did not complete within {limit}: {Describe(last)}");
        }
        return last!;
    }

    public static string Describe(CampaignStatus? status) =>
        string.Join("; ", status?.Models.Select(m => $"{m.Model} {m.Phase} epoch {m.Epoch} on {m.Silo} {m.Error}") ?? []);
}
