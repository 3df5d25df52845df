namespace KeypointGrains.Keypoints.Tuning;

/// <summary>
/// Asynchronous successive halving as a stopping policy (trials are stopped at rungs, never paused): rungs at
/// <c>minEpochs</c> × <c>reduction</c>^k epochs below <c>maxEpochs</c>; a trial that reaches a rung records its best
/// validation loss there and goes on only while that loss is within the best 1/<c>reduction</c> of the losses recorded
/// at the rung so far (itself included). The first trials at a rung always go on: decisions use what is known when
/// they are made, so that no trial waits for another. The rungs' records are the caller's to keep (they outlive a move).
/// </summary>
public sealed class HalvingStopping(int minEpochs, int reduction, int maxEpochs)
{
    public int MinEpochs { get; } = minEpochs >= 1 ? minEpochs : throw new ArgumentOutOfRangeException(nameof(minEpochs), minEpochs, "The first rung needs at least 1 epoch.");
    public int Reduction { get; } = reduction >= 2 ? reduction : throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "The reduction factor is at least 2.");

    /// <summary>The rung epochs below the budget: r, rη, rη², …</summary>
    public IReadOnlyList<int> Rungs { get; } = RungsBelow(minEpochs, reduction, maxEpochs);

    /// <summary>
    /// Records <paramref name="trial"/>'s best loss when <paramref name="epoch"/> is a rung it has not recorded yet, and
    /// says whether it stops there. Repeated reports of a recorded rung decide again from the same record.
    /// </summary>
    /// <param name="rungs">Per rung epoch, each trial's recorded loss; changed in place.</param>
    public bool Stops(IDictionary<int, Dictionary<string, double>> rungs, string trial, int epoch, double bestLoss)
    {
        if (!Rungs.Contains(epoch)) return false;
        if (!rungs.TryGetValue(epoch, out var recorded)) rungs[epoch] = recorded = [];
        if (!recorded.TryGetValue(trial, out var loss)) recorded[trial] = loss = double.IsNaN(bestLoss) ? double.PositiveInfinity : bestLoss;
        // Above the cut-off (the last kept of the sorted losses) when at least as many losses as are kept lie below it:
        // one pass, no sort, for rungs of thousands of trials.
        int below = 0;
        foreach (var other in recorded.Values)
            if (other < loss) below++;
        return below >= Kept(recorded.Count);
    }

    /// <summary>How many of <paramref name="recorded"/> trials at a rung go on: the best ⌈n/η⌉, at least one.</summary>
    public int Kept(int recorded) => Math.Max(1, (int)Math.Ceiling(recorded / (double)Reduction));

    /// <summary>The loss of the last kept of <paramref name="losses"/> (a tie with it is kept too); NaN when none.</summary>
    public double Cutoff(IEnumerable<double> losses)
    {
        var sorted = losses.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Kept(sorted.Length) - 1];
    }

    private static int[] RungsBelow(int minEpochs, int reduction, int maxEpochs)
    {
        var rungs = new List<int>();
        for (long epoch = minEpochs; epoch < maxEpochs && minEpochs >= 1 && reduction >= 2; epoch *= reduction) rungs.Add((int)epoch);
        return [.. rungs];
    }
}
