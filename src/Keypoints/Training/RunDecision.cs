namespace KeypointGrains.Keypoints.Training;

/// <summary>What a run's observer says after an epoch.</summary>
public enum RunDecision
{
    Continue,
    /// <summary>End after this epoch, keeping the best weights (a coordinator's stop, a user's).</summary>
    Finish,
    /// <summary>Let go of the run: whoever ran it no longer wants its result.</summary>
    Abandon,
}
