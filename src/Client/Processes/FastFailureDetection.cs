namespace KeypointGrains.Client.Processes;

/// <summary>
/// Configuration arguments for the silo processes of a fault test or benchmark: a killed or cut silo is declared dead
/// within seconds instead of Orleans' default of about a minute.
/// </summary>
public static class FastFailureDetection
{
    public static IReadOnlyList<string> Arguments { get; } =
    [
        "--Cluster:FailureDetection:ProbeTimeout=00:00:02", "--Cluster:FailureDetection:NumMissedProbesLimit=2",
        // A silo declared dead (a cut host) reads so from the membership table within seconds and stops; by default that
        // takes up to a minute, while its gateway takes clients' requests it can no longer route.
        "--Cluster:FailureDetection:TableRefreshTimeout=00:00:05",
    ];
}
