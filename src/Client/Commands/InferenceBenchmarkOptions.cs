namespace KeypointGrains.Client.Commands;

public sealed record InferenceBenchmarkOptions
{
    /// <summary>Faces per request in the throughput runs.</summary>
    public int BatchSize { get; init; } = 128;
    /// <summary>Single-face requests timed for the latency percentiles.</summary>
    public int LatencyRequests { get; init; } = 300;
    /// <summary>Batched requests timed for faces/s.</summary>
    public int BatchRequests { get; init; } = 10;
    public int WarmupRequests { get; init; } = 10;
    /// <summary>Generous, so that slow batches on a small machine measure throughput rather than fall back to the baseline.</summary>
    public TimeSpan GroupTimeout { get; init; } = TimeSpan.FromMinutes(2);
    /// <summary>The device the bare passes run on in this process.</summary>
    public string Device { get; init; } = "auto";
}
