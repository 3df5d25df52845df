namespace KeypointGrains.Keypoints.Training;

/// <summary>The seed's early stopping: stop once more than <see cref="Patience"/> epochs have passed without a better validation loss.</summary>
public sealed record PatienceStopping(int Patience) : IStoppingPolicy
{
    public bool ShouldStop(int lastEpoch, int bestEpoch) => lastEpoch - bestEpoch > Patience;
}
