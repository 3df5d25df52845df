namespace KeypointGrains.Client.Bench;

public sealed record InferenceBenchmarkOptions
{
    /// <summary>Faces per request in the throughput runs.</summary>
    public int BatchSize { get; init; } = 128;
    /// <summary>Single-face requests timed for the latency percentiles.</summary>
    public int LatencyRequests { get; init; } = 300;
    /// <summary>Batched requests timed for faces/s.</summary>
    public int BatchRequests { get; init; } = 10;
    public int WarmupRequests { get; init; } = 10;
    /// <summary>Generous, so that slow batches on a small machine measure throughput rather than fail.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(2);
    /// <summary>The device the bare passes run on in this process.</summary>
    public string Device { get; init; } = "auto";
    /// <summary>The number format of the bare fused pass (the served one is the silos' Serving:Precision).</summary>
    public string Precision { get; init; } = "fp32";
    /// <summary>Faces per bare fused pass: the silos' Serving:MaxBatchFaces, so that both cut batches alike.</summary>
    public int FacesPerPass { get; init; } = 64;
}
