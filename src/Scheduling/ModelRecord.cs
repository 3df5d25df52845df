using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Training;

namespace KeypointGrains.Scheduling;

/// <summary>The coordinator's durable record of one model: how it stands and, once ended, how it ended.</summary>
[GenerateSerializer, Alias("kg.ModelRecord")]
public sealed class ModelRecord
{
    [Id(0)] public ModelPhase Phase { get; set; }
    [Id(1)] public ModelCompletion? Completion { get; set; }
    [Id(2)] public string? Error { get; set; }

    public bool Ended => Phase.HasEnded();
}
