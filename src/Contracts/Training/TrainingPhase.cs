namespace KeypointGrains.Contracts.Training;

public enum TrainingPhase
{
    Pending,
    Training,
    Completed,
    Failed,
}
