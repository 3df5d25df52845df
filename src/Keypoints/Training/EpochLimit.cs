namespace KeypointGrains.Keypoints.Training;

/// <summary>Stops a run once it has trained <see cref="Epochs"/> epochs: a search's job that trains a trial to its next rung.</summary>
public sealed record EpochLimit(int Epochs) : IStoppingPolicy
{
    public bool ShouldStop(int lastEpoch, int bestEpoch) => lastEpoch >= Epochs;
}
