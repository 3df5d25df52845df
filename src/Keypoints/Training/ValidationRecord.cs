namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// Where a run's validation loss stands: the epoch with the lowest loss and the last epoch. A stopping policy
/// (<see cref="IStoppingPolicy"/>) decides from it; the trainer keeps the best epoch's weights.
/// </summary>
public sealed class ValidationRecord
{
    /// <summary>The epoch of <see cref="BestLoss"/>; 0 before any epoch was observed.</summary>
    public int BestEpoch { get; private set; }
    public double BestLoss { get; private set; } = double.PositiveInfinity;
    public int LastEpoch { get; private set; }

    /// <summary>Records an epoch's validation loss; true when it is the best so far (NaN never is).</summary>
    public bool Observe(int epoch, double validationLoss)
    {
        LastEpoch = epoch;
        if (!(validationLoss < BestLoss)) return false;
        BestLoss = validationLoss;
        BestEpoch = epoch;
        return true;
    }

    /// <summary>Rebuilds the record of a run that is being resumed from a checkpoint.</summary>
    public static ValidationRecord Restore(int bestEpoch, double bestLoss, int lastEpoch) =>
        new() { BestEpoch = bestEpoch, BestLoss = bestLoss, LastEpoch = lastEpoch };
}
