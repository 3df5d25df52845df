namespace KeypointGrains.Keypoints.Training;

/// <summary>How to train one network. Defaults are the seed's (Lasagne/nolearn) settings.</summary>
public sealed record TrainingOptions
{
    /// <summary>A <see cref="Networks.NetworkRegistry"/> name.</summary>
    public string Model { get; init; } = "cnn-large";
    public int MaxEpochs { get; init; } = 3000;
    /// <summary>Stop at the first epoch more than this many epochs after the best one.</summary>
    public int Patience { get; init; } = 200;
    public int BatchSize { get; init; } = 128;
    public double LearningRateStart { get; init; } = 0.03;
    public double LearningRateEnd { get; init; } = 0.001;
    public double MomentumStart { get; init; } = 0.9;
    public double MomentumEnd { get; init; } = 0.999;
    public bool FlipHalfOfEachBatch { get; init; } = true;
    public int Seed { get; init; } = 42;
    /// <summary>auto (CUDA when present), cpu, cuda or cuda:N.</summary>
    public string Device { get; init; } = "auto";
    /// <summary>For callers that split one set: the share of faces held out for validation.</summary>
    public double ValidationFraction { get; init; } = 0.2;
    /// <summary>Intra-op threads for libtorch on the CPU; 0 keeps libtorch's own choice.</summary>
    public int Threads { get; init; }
}
