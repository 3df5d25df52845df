using System.Diagnostics;
using KeypointGrains.Client.Chaos;
using KeypointGrains.Client.Processes;
using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Specs;
using Xunit.Abstractions;

namespace KeypointGrains.Cluster.Tests.Durability;

/// <summary>
/// Two silo processes clustered through Azure Tables on Azurite, state and checkpoints in Azure Blobs, with the fast
/// failure detection the README recommends. The silo training a specialist is killed mid-run; the specialist resumes
/// on the other silo from its last checkpoint within seconds.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class SiloFailureTests(Azurite azurite, ITestOutputHelper output)
{
    // Grain state in Azure Blob storage is keyed by grain, not by cluster: each run trains a campaign of its own.
    private readonly string campaign = $"failover-{Guid.NewGuid():N}"[..20];
    private const string Victim = "nose-tip";

    [SkippableFact]
    public async Task A_specialist_whose_silo_dies_resumes_on_the_other_silo_within_the_failover_bound_and_the_campaign_finishes()
    {
        var connection = azurite.Require();
        var data = TestData.TrainingCsv();
        // The default watchdog period (10 s): resuming within the bound is the silos' doing, not a fast watchdog's.
        using var silos = ProcessCluster.Azure(Checkout.SiloHost(), connection, $"durability-{Guid.NewGuid():N}", 2, FastFailureDetection.Arguments);
        await silos.StartAllAsync();
        output.WriteLine($"silos: {string.Join(", ", silos.Silos.Select(s => s!.Address))}");
        // The figure below is measured with the tuned detection in force, not Orleans' defaults.
        Assert.All(silos.Silos, s => Assert.Contains("probe-timeout=00:00:02 missed-probes=2", s!.ReadyLine));

        await using var client = await silos.ConnectAsync();
        var campaigns = client.Campaigns();
        // An epoch budget no run reaches, however fast its epochs: the test waits on epochs, and ends the runs itself.
        var study = Support.Campaigns.Tiny(campaign, data, epochs: 1000).Only(ModelPlan.BaselineName, Victim)
            .WithRecipes(m => m.Recipe with { MaxTrainingFaces = 200, Patience = 1000 })
            // A checkpoint after every epoch, however long it takes to write, so that a resume repeats at most one.
            .WithSpecs(spec => spec with { Checkpoints = new CheckpointPolicy { Overhead = 0 } });
        await campaigns.StartCampaign(study);

        // Wait until the specialist has a checkpoint (epoch 2 reported), then kill the silo that trains it.
        var atKill = await Until(campaigns, s => s.Model(Victim) is { Epoch: >= 2, Silo.Length: > 0 }, TimeSpan.FromMinutes(4));
        var victim = atKill.Model(Victim);
        int doomed = silos.SlotOf(victim.Silo);
        var survivor = silos.Silos[1 - doomed]!;
        Assert.NotEqual(-1, doomed);
        silos.Kill(doomed);
        var clock = Stopwatch.StartNew();
        output.WriteLine($"killed {victim.Silo} after {Victim} epoch {victim.Epoch}");

        // The survivor's own word that the run is back (the test asks the cluster nothing meanwhile, so that no call of its
        // activates the specialist).
        await Poll.Until(() => Task.FromResult(survivor.Lines), lines => lines.Any(l => l.Contains($"{campaign}/{Victim} resumes after epoch")),
            TimeSpan.FromMinutes(2), lines => string.Join('\n', lines?.TakeLast(20) ?? []));
        var failover = clock.Elapsed;
        var resumed = await Until(campaigns, s => s.Model(Victim) is var m && m.Silo == survivor.Address && m.Epoch > victim.Epoch,
            TimeSpan.FromMinutes(3));
        await campaigns.RequestStop(campaign);
        var done = await Until(campaigns, s => s.Phase == CampaignPhase.Completed, TimeSpan.FromMinutes(3));

        var model = done.Model(Victim);
        Assert.Equal(ModelPhase.Finished, model.Phase);
        Assert.Equal(survivor.Address, model.Silo);
        Assert.True(model.EpochsRepeated <= 1, $"{Victim} repeated {model.EpochsRepeated} epochs");
        Assert.All(done.Models, m => Assert.Equal(ModelPhase.Finished, m.Phase));
        var history = (await campaigns.GetHistory(campaign)).Single(h => h.Model == Victim);
        Assert.Equal(Enumerable.Range(1, history.Epochs.Count), history.Epochs.Select(e => e.Epoch));
        var specialist = await client.Client
            .GetGrain<IModelTrainingGrain>(TrainingAssignment.TrainingGrainKey(campaign, Victim)).GetStatus();
        Assert.True(specialist.Resumes >= 1);
        Assert.True(survivor.Running, survivor.Log);

        // Figures for the note (how long the specialist was without a silo is a measurement, not a condition of the test).
        var firstResumedEpoch = history.Epochs.First(e => e.Silo == survivor.Address).Epoch;
        output.WriteLine($"durability: killed_after_epoch={victim.Epoch} resumed_at_epoch={firstResumedEpoch} " +
                         $"epochs_repeated={model.EpochsRepeated} failover_seconds={failover.TotalSeconds:F1} " +
                         $"resumed_epoch_reported_at={resumed.Model(Victim).Epoch}");
    }

    /// <summary>The campaign's status once <paramref name="until"/> holds; calls fail for a while after a silo dies, and are retried.</summary>
    private Task<CampaignStatus> Until(CampaignClient campaigns, Func<CampaignStatus, bool> until, TimeSpan limit) =>
        Poll.Until(() => campaigns.GetStatus(campaign), until, limit, Support.Campaigns.Describe,
            transient: error => error is OrleansException or TimeoutException);
}
