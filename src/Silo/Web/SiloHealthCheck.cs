using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace KeypointGrains.Silo.Web;

/// <summary>Healthy while this silo is an active member of its cluster.</summary>
public sealed class SiloHealthCheck(ISiloStatusOracle membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(membership.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy($"{membership.SiloAddress} is active")
            : HealthCheckResult.Unhealthy($"{membership.SiloAddress} is {membership.CurrentStatus}"));
}
