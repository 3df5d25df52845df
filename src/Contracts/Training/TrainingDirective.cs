namespace KeypointGrains.Contracts.Training;

/// <summary>The coordinator's answer to an epoch report.</summary>
public enum TrainingDirective
{
    Continue,
    /// <summary>Early stopping: stop now and keep the best weights.</summary>
    Stop,
}
