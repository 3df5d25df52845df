using KeypointGrains.Contracts.Training;

namespace KeypointGrains.Grains.Training;

/// <summary>A training grain's durable state: enough to resume its run on any silo.</summary>
[GenerateSerializer, Alias("kg.SpecialistTrainingState")]
public sealed class SpecialistTrainingState
{
    [Id(0)] public TrainingAssignment? Assignment { get; set; }
    [Id(1)] public TrainingPhase Phase { get; set; }
    [Id(2)] public int Epoch { get; set; }
    [Id(3)] public int BestEpoch { get; set; }
    [Id(4)] public double BestValidationLoss { get; set; } = double.PositiveInfinity;
    // Id 5 held the learning curve, which the coordinator keeps; retired so this state stays small however long a run is.
    [Id(6)] public CheckpointReference? LatestCheckpoint { get; set; }
    [Id(7)] public ModelCompletion? Completion { get; set; }
    [Id(8)] public string? Error { get; set; }
    [Id(9)] public int Resumes { get; set; }
}
