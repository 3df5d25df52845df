namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// Linear warm-up then cosine decay: epochs 0..warmup−1 climb from <paramref name="start"/>/warmup to
/// <paramref name="start"/> (Adam's moment estimates and batch-norm statistics are still raw in the first steps),
/// then, starting again from <paramref name="start"/> at epoch warmup, the value falls along half a cosine to
/// <paramref name="end"/> at the last of <paramref name="epochs"/> epochs and stays there. With no epoch left after the
/// warm-up it stays at <paramref name="start"/>.
/// </summary>
public sealed class CosineSchedule : IEpochSchedule
{
    private readonly double start;
    private readonly double end;
    private readonly int epochs;
    private readonly int warmup;

    public CosineSchedule(double start, double end, int epochs, int warmup)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        (this.start, this.end, this.epochs, this.warmup) = (start, end, epochs, Math.Min(warmup, epochs - 1));
    }

    public double At(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if (epoch < warmup) return start * (epoch + 1) / warmup;
        int decaying = epochs - 1 - warmup;
        if (decaying <= 0) return start;
        double progress = Math.Min(1, (double)(epoch - warmup) / decaying);
        return end + (start - end) * (1 + Math.Cos(Math.PI * progress)) / 2;
    }
}
