namespace KeypointGrains.Contracts.Campaigns;

public enum ModelPhase
{
    Pending,
    Training,
    /// <summary>The coordinator's early stopping ended it; its best weights serve.</summary>
    EarlyStopped,
    /// <summary>It reached the epoch limit.</summary>
    Finished,
    Failed,
}
