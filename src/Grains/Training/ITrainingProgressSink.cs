using KeypointGrains.Contracts.Training;

namespace KeypointGrains.Grains.Training;

/// <summary>
/// How a training run hands its results back into its grain (a grain call from outside the scheduler): one call per
/// epoch. Each run has an id; a grain answers <see cref="EpochAnswer.Abandon"/> to a run it no longer owns (it was
/// deactivated and reactivated meanwhile), and that run then ends without reporting further.
/// </summary>
public interface ITrainingProgressSink : IGrainWithStringKey
{
    Task<EpochAnswer> RecordEpoch(Guid run, EpochReport report);

    Task<bool> RecordCompletion(Guid run, ModelCompletion completion);

    Task RecordFailure(Guid run, string error);
}

public enum EpochAnswer
{
    Continue,
    /// <summary>Someone asked the model to stop: deliver the best weights now.</summary>
    Finish,
    Abandon,
}
