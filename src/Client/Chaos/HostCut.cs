using System.Diagnostics;
using KeypointGrains.Client.Hosts;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;

namespace KeypointGrains.Client.Chaos;

/// <summary>
/// What a cut did: the host cut and its silo, the campaign when it began and as last seen before the heal, and each
/// model that was training there and went on on another silo, with how long after the cut its first epoch there was reported.
/// </summary>
public sealed record HostCutOutcome(int Host, string Silo, HostFault Fault, CampaignStatus AtCut, IReadOnlyDictionary<string, TimeSpan> Moved)
{
    public CampaignStatus AtHeal { get; internal set; } = AtCut;

    /// <summary>The epochs each model reported while the cut lasted.</summary>
    public IReadOnlyDictionary<string, int> EpochsDuringCut =>
        AtCut.Models.ToDictionary(m => m.Model, m => AtHeal.Model(m.Model).Epoch - m.Epoch);

    /// <summary>The models that were training on the cut host when the cut began.</summary>
    public IReadOnlyList<string> OnCutHost => AtCut.Models.Where(m => m.Silo == Silo && m.Phase == ModelPhase.Training).Select(m => m.Model).ToArray();
}

/// <summary>
/// One host's link cut or slowed (a <see cref="HostFault"/>) in the middle of a campaign, and healed: the host chosen is
/// the one training the most models when <see cref="RunAsync"/>'s condition first holds (the host of a named model, if given).
/// </summary>
public static class HostCut
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Waits until <paramref name="when"/> holds for the campaign's status, puts <paramref name="fault"/> on a host for
    /// <paramref name="cutFor"/>, watching which of its models train on elsewhere meanwhile, and heals (then watches
    /// for moves as long again after a cut from peers, unless every model of the host has moved or <paramref name="cancellation"/> ends it).
    /// </summary>
    public static async Task<HostCutOutcome> RunAsync(HostCluster cluster, string campaign, HostFault fault, Func<CampaignStatus, bool> when,
        TimeSpan cutFor, Action<string> progress, CancellationToken cancellation, string? model = null)
    {
        var campaigns = cluster.Campaigns;
        var atCut = await Status(campaigns, campaign, cancellation);
        while (!when(atCut))
        {
            await Task.Delay(Period, cancellation);
            atCut = await Status(campaigns, campaign, cancellation);
        }
        var silo = model is not null
            ? atCut.Models.Single(m => m.Model == model).Silo
            : atCut.Models.Where(m => m.Phase == ModelPhase.Training).GroupBy(m => m.Silo).MaxBy(g => g.Count())?.Key
              ?? throw new InvalidOperationException($"No model of {campaign} is training: there is no host to fault.");
        int host = cluster.Silos.SlotOf(silo);
        if (host < 0) throw new InvalidOperationException($"No running silo has the address {silo}.");
        var outcome = new HostCutOutcome(host, silo, fault, atCut, new Dictionary<string, TimeSpan>());
        var moved = (Dictionary<string, TimeSpan>)outcome.Moved;
        fault.Apply(cluster.Network, host);
        progress($"host {host} ({silo}) {fault}: {string.Join(", ", outcome.OnCutHost)}");
        var clock = Stopwatch.StartNew();
        try
        {
            // The cut lasts its time even if the campaign completes meanwhile: what it did is measured whole.
            while (clock.Elapsed < cutFor)
            {
                await Task.Delay(Period, CancellationToken.None);
                if (await Watch(outcome, campaigns, campaign, clock, progress) is { } status) outcome.AtHeal = status;
            }
        }
        finally
        {
            cluster.Network.Heal();
        }
        progress($"healed host {host} after {clock.Elapsed.TotalSeconds:F1} s");
        // A host declared dead (a cut from its peers does that) just before the heal loses its models all the same:
        // their moves are watched as long again.
        try
        {
            while (fault.CutsPeers && clock.Elapsed < 2 * cutFor && outcome.Moved.Count < outcome.OnCutHost.Count && !cancellation.IsCancellationRequested)
            {
                await Task.Delay(Period, cancellation);
                await Watch(outcome, campaigns, campaign, clock, progress);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The campaign completed.
        }
        return outcome;
    }

    /// <summary>Notes the cut host's models now reported from another silo, with the time since the cut; the status read, if any.</summary>
    private static async Task<CampaignStatus?> Watch(HostCutOutcome outcome, CampaignClient campaigns, string campaign, Stopwatch clock,
        Action<string> progress)
    {
        if (await TryStatus(campaigns, campaign) is not { } status) return null;
        var moved = (Dictionary<string, TimeSpan>)outcome.Moved;
        foreach (var name in outcome.OnCutHost.Where(n => !moved.ContainsKey(n)))
            if (status.Model(name) is var m && m.Silo != outcome.Silo && m.Epoch > outcome.AtCut.Model(name).Epoch)
            {
                moved[name] = clock.Elapsed;
                progress($"{name} trains on {m.Silo} {clock.Elapsed.TotalSeconds:F1} s after the cut");
            }
        return status;
    }

    private static Task<CampaignStatus> Status(CampaignClient campaigns, string campaign, CancellationToken cancellation) =>
        ChaosBenchmark.Retrying(() => campaigns.GetStatus(campaign), cancellation);

    /// <summary>The status, or null while the cluster cannot answer (the coordinator may live on the cut host).</summary>
    private static async Task<CampaignStatus?> TryStatus(CampaignClient campaigns, string campaign)
    {
        try
        {
            return await campaigns.GetStatus(campaign).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception error) when (error is OrleansException or TimeoutException)
        {
            return null;
        }
    }
}
