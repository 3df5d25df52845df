namespace KeypointGrains.Grains.Inference;

/// <summary>How a silo serves ensembles; the host fills it from configuration section Serving, which holds the defaults.</summary>
public sealed class ServingOptions
{
    /// <summary>Faces one pass takes at most: queued requests join a pass up to this many; a larger request is cut into passes of this size.</summary>
    public required int MaxBatchFaces { get; init; }

    /// <summary>
    /// How long (µs) the first request of a pass waits for others while the previous pass served several requests (a lone
    /// client's requests go at once); requests that queued during the previous pass go in without waiting.
    /// </summary>
    public required int MaxBatchDelayMicroseconds { get; init; }

    /// <summary>Ensembles (manifest versions) kept loaded on the silo; the least recently used one goes first.</summary>
    public required int MaxLoadedEnsembles { get; init; }

    /// <summary>fp32 | bf16 | fp16: the number format of fused passes on CUDA (the CPU computes in fp32).</summary>
    public required string Precision { get; init; }
}
