using KeypointGrains.Client.Chaos;
using KeypointGrains.Client.Hosts;
using KeypointGrains.Client.Processes;
using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Specs;
using Xunit.Abstractions;

namespace KeypointGrains.Cluster.Tests.Hosts;

/// <summary>
/// What the fault tests on hosts share: three hosts with a silo each (fast failure detection, a 2 s training watchdog),
/// Azurite on a storage host, and a tiny campaign of three models whose epoch budget no run reaches, checkpointed after
/// every epoch. A cut takes the host training <see cref="Victim"/> once every model has two epochs; after the heal every
/// model trains two more, then the campaign is stopped.
/// </summary>
internal static class HostCampaigns
{
    public const string Victim = "nose-tip";
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    public static void SkipUnlessHosts()
    {
        Skip.If(NetworkHosts.Unavailable() is not null, NetworkHosts.Unavailable());
        Skip.If(!Azurite.NodeInstalled, "node/npm is not installed, so Azurite cannot run.");
    }

    public static Task<HostCluster> StartAsync(TemporaryFolder folder, string clusterId) =>
        HostCluster.StartAsync(3, folder.Path, clusterId, [.. FastFailureDetection.Arguments, "--Training:WatchdogSeconds=2"]);

    /// <summary>Baseline, <see cref="Victim"/> and eye centres, tiny, trained until stopped.</summary>
    public static CampaignPlan OpenEnded(string campaign, int epochs = 1000) =>
        Support.Campaigns.Tiny(campaign, TestData.TrainingCsv(), epochs).Only(ModelPlan.BaselineName, Victim, "eye-centers").WithSpecs(spec => spec with { Checkpoints = new CheckpointPolicy { Overhead = 0 } });

    /// <summary>
    /// Starts three hosts and trains the open-ended plan with the victim's host cut from <paramref name="link"/> for
    /// <paramref name="cutFor"/>; prints the figures. The run and the network's log of faults.
    /// </summary>
    public static async Task<(PartitionRun Run, IReadOnlyList<string> Events)> CutMidTrainingAsync(HostLink link, TimeSpan cutFor,
        ITestOutputHelper output)
    {
        SkipUnlessHosts();
        using var folder = new TemporaryFolder();
        var campaign = $"{link}-{Guid.NewGuid():N}"[..16].ToLowerInvariant();
        await using var cluster = await StartAsync(folder, campaign);
        var run = await FaultMidTrainingAsync(cluster, OpenEnded(campaign), new LinkCut(link), cutFor, output);
        return (run, cluster.Network.Events);
    }

    /// <summary>
    /// Trains <paramref name="plan"/> (open-ended) on <paramref name="cluster"/>, with <paramref name="fault"/> on the
    /// victim's host for <paramref name="faultFor"/> once every model has two epochs; once healed every model trains two
    /// more and the campaign is stopped. Prints the figures.
    /// </summary>
    public static async Task<PartitionRun> FaultMidTrainingAsync(HostCluster cluster, CampaignPlan plan, HostFault fault, TimeSpan faultFor,
        ITestOutputHelper output)
    {
        var run = await PartitionBenchmark.RunAsync(cluster, plan, fault, s => s.Models.All(m => m.Epoch >= 2), faultFor, Limit, output.WriteLine,
            CancellationToken.None, afterHeal: async (campaigns, _) =>
            {
                var healed = await campaigns.GetStatus(plan.CampaignId);
                await Poll.Until(() => campaigns.GetStatus(plan.CampaignId), s => s.Models.All(m => m.Epoch >= healed.Model(m.Model).Epoch + 2),
                    Limit, Support.Campaigns.Describe, transient: error => error is OrleansException or TimeoutException);
                await campaigns.RequestStop(plan.CampaignId);
            }, model: Victim);
        output.WriteLine(string.Join('\n', cluster.Network.Events));
        output.WriteLine(string.Join(' ', run.Figures.Select(f => $"{f.Key}={f.Value}")) +
                         $" cut_host={run.Cut?.Host} moved={string.Join(",", run.Cut?.Moved.Keys ?? [])} " +
                         $"epochs_during_cut={string.Join(",", run.Cut?.EpochsDuringCut.Select(e => $"{e.Key}:{e.Value}") ?? [])} " +
                         $"cut_silo_running_after_heal={run.Cut is { } cut && cluster.Silos.Silos[cut.Host]!.Running}");
        return run;
    }

    /// <summary>Every model finished, with every epoch from 1 to its last in its history once, and no checkpoint stored over a newer one.</summary>
    public static void AssertNothingLost(PartitionRun run)
    {
        Assert.All(run.Run.Status.Models, m => Assert.Equal(ModelPhase.Finished, m.Phase));
        Assert.All(run.Run.Histories, h => Assert.Equal(Enumerable.Range(1, run.Run.Status.Model(h.Model).Epoch), h.Epochs.Select(e => e.Epoch)));
        Assert.Equal(0, run.Run.OlderCheckpointWrites);
        Assert.All(run.Run.Status.Models, m => Assert.True(m.EpochsRepeated <= 2, $"{m.Model} repeated {m.EpochsRepeated} epochs"));
    }
}
