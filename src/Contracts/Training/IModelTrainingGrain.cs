using Orleans.Concurrency;

namespace KeypointGrains.Contracts.Training;

/// <summary>
/// Trains one model of one campaign (key: <see cref="TrainingAssignment.GrainKey"/>) and keeps its learning curve. Calls
/// return at once; training runs on a thread of its own up to the recipe's epoch limit, reporting each epoch to the
/// campaign's coordinator, whose stopping policy may end it early (<see cref="StopEarly"/>). When it ends, the grain
/// tells the coordinator.
/// </summary>
public interface IModelTrainingGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts training, or resumes it from the last checkpoint when this activation is not training yet; does nothing
    /// when it already trains or has ended. Safe to call again at any time (the coordinator's watchdog does).
    /// </summary>
    Task<TrainingStatus> Start(TrainingAssignment assignment);

    /// <summary>The grain's state, activating it (and so resuming an interrupted run) if needed.</summary>
    /// <remarks>Reads interleave with the grain's other calls: they never wait behind a write to storage.</remarks>
    [AlwaysInterleave]
    Task<TrainingStatus> GetStatus();

    /// <summary>The epochs after <paramref name="afterEpoch"/>, in order (0 = the whole curve).</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<EpochReport>> GetHistory(int afterEpoch);

    /// <summary>A failed model trains again, from its last checkpoint when it has one; otherwise nothing happens.</summary>
    Task<TrainingStatus> Retry();

    /// <summary>Ends training after the current epoch; the best weights so far are delivered as for a finished run.</summary>
    Task<TrainingStatus> RequestStop();

    /// <summary>As <see cref="RequestStop"/>, for the coordinator's stopping policy: the model ends early-stopped.</summary>
    Task<TrainingStatus> StopEarly();
}
