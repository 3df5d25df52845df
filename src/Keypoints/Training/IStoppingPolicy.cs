namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// When a model's training ends early, decided after each epoch from where its validation loss stands. Stateless, so
/// that whoever decides (the campaign's coordinator, or a <see cref="ModelRun"/>: kg train, the studies) can decide again
/// from any report.
/// </summary>
public interface IStoppingPolicy
{
    /// <param name="lastEpoch">The epoch just trained.</param>
    /// <param name="bestEpoch">The epoch with the lowest validation loss so far (this one included).</param>
    bool ShouldStop(int lastEpoch, int bestEpoch);
}
