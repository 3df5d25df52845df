namespace KeypointGrains.Contracts.Campaigns;

/// <summary>Where one model of a campaign stands; its training grain and the coordinator use the same phases.</summary>
public enum ModelPhase
{
    /// <summary>Not started yet: it waits for the model it starts from.</summary>
    Pending,
    Training,
    /// <summary>Its trainer's early stopping ended it; its best weights serve.</summary>
    EarlyStopped,
    /// <summary>It reached its epoch limit (or was asked to stop); its best weights serve.</summary>
    Finished,
    Failed,
    /// <summary>Never trained: the model it starts from failed or was skipped.</summary>
    Skipped,
}

public static class ModelPhases
{
    public static bool HasEnded(this ModelPhase phase) =>
        phase is ModelPhase.EarlyStopped or ModelPhase.Finished or ModelPhase.Failed or ModelPhase.Skipped;

    /// <summary>Ended with weights that serve.</summary>
    public static bool HasModel(this ModelPhase phase) => phase is ModelPhase.EarlyStopped or ModelPhase.Finished;

    /// <summary>Ended without weights: something to fix and retry.</summary>
    public static bool HasFailed(this ModelPhase phase) => phase is ModelPhase.Failed or ModelPhase.Skipped;
}
