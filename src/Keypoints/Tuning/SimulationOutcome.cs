namespace KeypointGrains.Keypoints.Tuning;

/// <summary>
/// What a simulated search did: the busy fraction of accelerator time until its last job ended, the virtual time at
/// which the result it ends with (its best fully trained trial) was first reported, that trial's RMSE, the epochs it
/// trained, and the wall time of each of the scheduler's decisions.
/// </summary>
public sealed record SimulationOutcome(
    double Utilisation,
    double TimeToBestSeconds,
    double BestRmsePixels,
    double MakespanSeconds,
    long EpochsTrained,
    IReadOnlyList<double> DecisionMilliseconds);
