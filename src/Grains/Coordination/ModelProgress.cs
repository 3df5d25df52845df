using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Training;

namespace KeypointGrains.Grains.Coordination;

/// <summary>The coordinator's durable record of one model.</summary>
[GenerateSerializer, Alias("kg.ModelProgress")]
public sealed class ModelProgress
{
    [Id(0)] public ModelPhase Phase { get; set; }
    [Id(1)] public List<EpochReport> History { get; set; } = [];
    [Id(2)] public string Silo { get; set; } = "";
    [Id(3)] public string Device { get; set; } = "";
    [Id(4)] public ModelCompletion? Completion { get; set; }
    [Id(5)] public string? Error { get; set; }
    [Id(6)] public int EpochsRepeated { get; set; }

    public bool Ended => Phase is ModelPhase.EarlyStopped or ModelPhase.Finished or ModelPhase.Failed;
}
