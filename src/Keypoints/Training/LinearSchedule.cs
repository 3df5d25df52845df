namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// A value moved linearly from <paramref name="start"/> to <paramref name="end"/> over <paramref name="epochs"/> epochs,
/// as the seed's AdjustVariable does with np.linspace(start, end, epochs)[epoch]. Epochs are 0-based; past the last
/// one the value stays at <paramref name="end"/>.
/// </summary>
public sealed class LinearSchedule(double start, double end, int epochs) : IEpochSchedule
{
    public double At(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if (epochs <= 1) return start;
        if (epoch >= epochs - 1) return end;
        return start + (end - start) * epoch / (epochs - 1);
    }
}
