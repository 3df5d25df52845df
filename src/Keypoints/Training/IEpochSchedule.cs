namespace KeypointGrains.Keypoints.Training;

/// <summary>A hyper-parameter (learning rate, momentum) as a function of the 0-based epoch.</summary>
public interface IEpochSchedule
{
    double At(int epoch);
}
