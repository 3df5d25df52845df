using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace KeypointGrains.Grains.Placement;

/// <summary>
/// Chooses among the compatible silos that advertise an accelerator (or, when <see cref="TrainingPlacementOptions.AllowCpu"/>
/// and none does, among all of them) the one hosting the fewest activations of the grain's type, so that training grains
/// spread one per device.
/// </summary>
public sealed class AcceleratorPlacementDirector(
    ISiloMetadataCache metadata, IGrainFactory grains, IOptions<TrainingPlacementOptions> options, TimeProvider time)
    : IPlacementDirector
{
    // Activations this director placed moments ago do not show in the silos' statistics yet; counting them too keeps
    // a burst of placements (a campaign starts seven grains at once) from landing on one silo.
    private static readonly TimeSpan RecentWindow = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<GrainId, (SiloAddress Silo, DateTimeOffset At)> recent = new();

    public async Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        var accelerated = compatible
            .Where(silo => SiloDevice.FromMetadata(metadata.GetSiloMetadata(silo).Metadata).HasAccelerator)
            .ToArray();
        var candidates = accelerated.Length > 0 ? accelerated
            : options.Value.AllowCpu ? compatible
            : throw new OrleansException(
                $"No silo advertises an accelerator for {target.GrainIdentity}, and Training:AllowCpu is false.");
        if (candidates.Length == 1) return Remember(target.GrainIdentity, candidates[0]);

        var statistics = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics(hostsIds: candidates);
        var load = candidates.ToDictionary(silo => silo, _ => 0);
        var counted = new HashSet<GrainId>();
        foreach (var activation in statistics.Where(s => s.GrainId.Type == target.GrainIdentity.Type))
            if (load.ContainsKey(activation.SiloAddress) && counted.Add(activation.GrainId))
                load[activation.SiloAddress]++;

        var now = time.GetUtcNow();
        foreach (var (grain, placed) in recent)
        {
            if (now - placed.At > RecentWindow) recent.TryRemove(grain, out _);
            else if (grain.Type == target.GrainIdentity.Type && load.ContainsKey(placed.Silo) && counted.Add(grain))
                load[placed.Silo]++;
        }

        int fewest = load.Values.Min();
        var least = candidates.Where(silo => load[silo] == fewest).ToArray();
        return Remember(target.GrainIdentity, least[Random.Shared.Next(least.Length)]);
    }

    private SiloAddress Remember(GrainId grain, SiloAddress silo)
    {
        recent[grain] = (silo, time.GetUtcNow());
        return silo;
    }
}
