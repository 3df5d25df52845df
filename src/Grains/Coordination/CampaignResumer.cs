using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Grains.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KeypointGrains.Grains.Coordination;

/// <summary>
/// Resumes the cluster's unfinished campaigns (the registry's list) without waiting for a client: once when this silo
/// starts, where reminders do not outlive the cluster (<see cref="CoordinatorOptions.ResumeOnStart"/>: the start-up
/// scan of directory storage), and whenever this silo sees another one die, so that the models and coordinators that
/// lived there resume as soon as the cluster has declared it dead, not at the next watchdog tick or reminder.
/// </summary>
public sealed class CampaignResumer(
    IGrainFactory grains, IClusterMembershipService membership, IOptions<CoordinatorOptions> options, ILogger<CampaignResumer> log)
    : ILifecycleParticipant<ISiloLifecycle>
{
    // Right after a death some calls still find the dead silo's activations; a few quick rounds get past that.
    private const int Rounds = 10;
    private static readonly TimeSpan BetweenRounds = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource stopping = new();
    private Task watching = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(CampaignResumer), ServiceLifecycleStage.Active, Start, Stop);

    private Task Start(CancellationToken cancellation)
    {
        watching = Task.Run(() => Watch(stopping.Token));
        return Task.CompletedTask;
    }

    private async Task Stop(CancellationToken cancellation)
    {
        stopping.Cancel();
        await watching.WaitAsync(cancellation).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task Watch(CancellationToken cancellation)
    {
        try
        {
            if (options.Value.ResumeOnStart) await ResumeUnfinished("this silo started", cancellation);
            var known = membership.CurrentSnapshot;
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellation))
            {
                var died = snapshot.CreateUpdate(known).Changes.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress).ToArray();
                known = snapshot;
                if (died.Length > 0) await ResumeUnfinished($"silo {string.Join(", ", died)} died", cancellation);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
    }

    private async Task ResumeUnfinished(string why, CancellationToken cancellation)
    {
        var registry = grains.GetGrain<ICampaignRegistryGrain>(ICampaignRegistryGrain.Key);
        for (int round = 1; round <= Rounds; round++)
        {
            try
            {
                var campaigns = await registry.GetUnfinished();
                var reached = await Task.WhenAll(campaigns.Select(id => grains.GetGrain<ICampaignCoordinatorGrain>(id).Resume()));
                if (campaigns.Count > 0) log.LogInformation("Resumed {Campaigns} because {Why}", string.Join(", ", campaigns), why);
                if (reached.All(r => r)) return;
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                if (round == Rounds) log.LogWarning("Could not resume the unfinished campaigns after {Why}: {Error}", why, ExceptionText.OneLine(error));
            }
            await Task.Delay(BetweenRounds, cancellation);
        }
    }
}
