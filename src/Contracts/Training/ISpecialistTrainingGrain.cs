namespace KeypointGrains.Contracts.Training;

/// <summary>
/// Trains one model of one campaign (key: <see cref="TrainingAssignment.GrainKey"/>). Calls return at once; training
/// runs on a thread of its own and reports each epoch to the campaign's coordinator.
/// </summary>
public interface ISpecialistTrainingGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts training, or resumes it from the last checkpoint when this activation is not training yet; does nothing
    /// when it already trains or has finished. Safe to call again at any time (the coordinator's watchdog does).
    /// </summary>
    Task<SpecialistStatus> Start(TrainingAssignment assignment);

    /// <summary>The grain's state, activating it (and so resuming an interrupted run) if needed.</summary>
    Task<SpecialistStatus> GetStatus();
}
