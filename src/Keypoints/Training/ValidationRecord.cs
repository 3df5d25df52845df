namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// Where a run's validation loss stands (the epoch with the lowest loss, the last epoch), and whether
/// <see cref="PatienceStopping"/> with <paramref name="patience"/> says stop: the trainer's own early stopping, used where
/// no coordinator decides (kg train, the studies).
/// </summary>
public sealed class EarlyStopping(int patience)
{
    private readonly PatienceStopping policy = new(patience);

    public int Patience { get; } = patience;
    /// <summary>The epoch of <see cref="BestLoss"/>; 0 before any epoch was observed.</summary>
    public int BestEpoch { get; private set; }
    public double BestLoss { get; private set; } = double.PositiveInfinity;
    public int LastEpoch { get; private set; }

    public bool ShouldStop => policy.ShouldStop(LastEpoch, BestEpoch);

    /// <summary>Records an epoch's validation loss; true when it is the best so far (NaN never is).</summary>
    public bool Observe(int epoch, double validationLoss)
    {
        LastEpoch = epoch;
        if (!(validationLoss < BestLoss)) return false;
        BestLoss = validationLoss;
        BestEpoch = epoch;
        return true;
    }

    /// <summary>Rebuilds the state of a run that is being resumed (from a checkpoint or a grain's stored state).</summary>
    public static EarlyStopping Restore(int patience, int bestEpoch, double bestLoss, int lastEpoch) =>
        new(patience) { BestEpoch = bestEpoch, BestLoss = bestLoss, LastEpoch = lastEpoch };
}
