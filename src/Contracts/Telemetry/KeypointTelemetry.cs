using System.Diagnostics;

namespace KeypointGrains.Contracts.Telemetry;

/// <summary>
/// The meter and activity source of KeypointGrains (names agreed with the dashboards in deploy/). Both are process-wide,
/// as .NET intends: with no listener (no OpenTelemetry configured) recording and starting activities cost nothing.
/// </summary>
public static class KeypointTelemetry
{
    public const string Name = "KeypointGrains";

    public static ActivitySource Activities { get; } = new(Name);

    public static KeypointMetrics Metrics { get; } = new();
}
