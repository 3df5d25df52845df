using KeypointGrains.Client.Chaos;
using KeypointGrains.Client.Processes;
using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Specs;
using Xunit.Abstractions;

namespace KeypointGrains.Cluster.Tests.Durability;

/// <summary>
/// kg bench chaos in small: three silo processes on Azure Storage (Azurite) train a tiny campaign undisturbed, then the
/// same campaign while a silo is killed every few seconds and started again. It completes, each kill repeats at most
/// one epoch per model, and every model ends where the undisturbed run did.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class ChaosTests(Azurite azurite, ITestOutputHelper output)
{
    private static readonly ChaosSchedule Schedule = new(KillEvery: TimeSpan.FromSeconds(8), RestartAfter: TimeSpan.FromSeconds(3));

    [SkippableFact]
    public async Task A_campaign_trained_while_silos_are_killed_in_turn_completes_as_the_undisturbed_one_did()
    {
        var connection = azurite.Require();
        var data = TestData.TrainingCsv();
        using var silos = ProcessCluster.Azure(Checkout.SiloHost(), connection, $"chaos-{Guid.NewGuid():N}", 3, FastFailureDetection.Arguments);
        await silos.StartAllAsync();
        // Grain state in Azure Blob storage is keyed by grain, not by cluster: each run trains a campaign of its own.
        string stamp = $"{Guid.NewGuid():N}"[..8];
        CampaignPlan Plan(string id) => Support.Campaigns.Tiny(id, data, epochs: 10).Only(ModelPlan.BaselineName, "nose-tip").WithSpecs(spec => spec with { Checkpoints = new CheckpointPolicy { Overhead = 0 } });

        var limit = TimeSpan.FromMinutes(4);
        var calm = await ChaosBenchmark.RunAsync(silos, Plan($"calm-{stamp}"), null, limit, output.WriteLine, CancellationToken.None);
        var chaos = await ChaosBenchmark.RunAsync(silos, Plan($"chaos-{stamp}"), Schedule, limit, output.WriteLine, CancellationToken.None);
        var figures = ChaosBenchmark.Compare(calm, chaos);
        output.WriteLine("chaos: " + string.Join(" ", figures.Select(f => $"{f.Key}={f.Value}")));

        Assert.True(chaos.Kills >= 1, "no silo was killed before the campaign completed");
        Assert.All(chaos.Status.Models, m => Assert.Equal(ModelPhase.Finished, m.Phase));
        Assert.All(chaos.Status.Models, m => Assert.True(m.EpochsRepeated <= chaos.Kills, $"{m.Model} repeated {m.EpochsRepeated} epochs in {chaos.Kills} kills"));
        Assert.All(chaos.Histories, h => Assert.Equal(Enumerable.Range(1, h.Epochs.Count), h.Epochs.Select(e => e.Epoch)));
        foreach (var (model, rmse) in chaos.BestRmse)
            Assert.True(Math.Abs(rmse - calm.BestRmse[model]) <= 0.1, $"{model}: {rmse:F3} px with kills, {calm.BestRmse[model]:F3} px without");
    }
}
