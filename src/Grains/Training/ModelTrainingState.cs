using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Training;

namespace KeypointGrains.Grains.Training;

/// <summary>
/// A training grain's durable state: enough to resume its run on any silo, and its learning curve. Written when a
/// checkpoint is stored and when the model ends; the epochs after the last checkpoint are repeated by a resumed run.
/// The checkpoint before the latest is kept too: a run resumes from it when the latest fails its seal.
/// </summary>
[GenerateSerializer, Alias("kg.ModelTrainingState")]
public sealed class ModelTrainingState
{
    [Id(0)] public TrainingAssignment? Assignment { get; set; }
    [Id(1)] public ModelPhase Phase { get; set; }
    [Id(2)] public List<EpochReport> History { get; set; } = [];
    [Id(3)] public CheckpointReference? LatestCheckpoint { get; set; }
    [Id(4)] public ModelCompletion? Completion { get; set; }
    [Id(5)] public string? Error { get; set; }
    [Id(6)] public int Resumes { get; set; }
    [Id(7)] public int EpochsRepeated { get; set; }
    [Id(8)] public bool StopRequested { get; set; }
    [Id(9)] public CheckpointReference? PreviousCheckpoint { get; set; }

    /// <summary>
    /// Names the write that stored this state: an activation whose write failed without an answer reads the state back
    /// and finds its own write, or the one before it, or another activation's.
    /// </summary>
    [Id(10)] public Guid WriteId { get; set; }

    /// <summary>Counts the runs started: each claims the state with a write, and its checkpoints carry its generation in their names.</summary>
    [Id(11)] public int Generation { get; set; }

    /// <summary>Checkpoints stored in place of a newer one (a run that went back past it); fencing keeps this at zero.</summary>
    [Id(12)] public int OlderCheckpointWrites { get; set; }

    /// <summary>The stop was the coordinator's stopping policy's: the model ends early-stopped.</summary>
    [Id(13)] public bool StoppedEarly { get; set; }

    /// <summary>The checkpoints a run may resume from, newest first.</summary>
    public IReadOnlyList<CheckpointReference> Checkpoints => new[] { LatestCheckpoint, PreviousCheckpoint }.OfType<CheckpointReference>().ToArray();
}
