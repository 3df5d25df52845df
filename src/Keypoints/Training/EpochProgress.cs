namespace KeypointGrains.Keypoints.Training;

/// <summary>An observer that only hears each epoch (a study's or a search's progress), and never stops the run itself.</summary>
public sealed class EpochProgress(Action<EpochResult>? epochEnded = null) : IModelRunObserver
{
    public RunDecision EpochEnded(EpochResult epoch)
    {
        epochEnded?.Invoke(epoch);
        return RunDecision.Continue;
    }
}
