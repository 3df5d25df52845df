using KeypointGrains.Contracts.Training;

namespace KeypointGrains.Grains.Training;

/// <summary>
/// How a training thread hands its results back into its grain (a grain call from outside the scheduler). Each run
/// has an id; a grain answers false to a run it no longer owns (it was deactivated and reactivated meanwhile), and that
/// run then ends without reporting further.
/// </summary>
public interface ITrainingProgressSink : IGrainWithStringKey
{
    Task<bool> RecordEpoch(Guid run, EpochReport report);

    Task<bool> RecordCompletion(Guid run, ModelCompletion completion);

    Task RecordFailure(Guid run, string error);
}
