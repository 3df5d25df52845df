namespace KeypointGrains.Keypoints.Performance;

public static class LatencyPercentiles
{
    /// <summary>The q-quantile (0..1) of the samples by nearest rank.</summary>
    public static double Of(IReadOnlyList<double> samples, double q)
    {
        if (samples.Count == 0) throw new ArgumentException("No samples.", nameof(samples));
        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(q * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
