namespace KeypointGrains.Keypoints.Training;

/// <summary>How a <see cref="ModelRun"/> ended; a failure is the exception it throws.</summary>
public enum RunEnd
{
    /// <summary>The recipe's MaxEpochs were trained.</summary>
    Completed,
    /// <summary>The stopping policy or the observer ended it early; the best weights are kept.</summary>
    Stopped,
    /// <summary>The observer let go of it.</summary>
    Abandoned,
    /// <summary>Cancelled between epochs.</summary>
    Cancelled,
}
