namespace KeypointGrains.Keypoints.Tuning;

/// <summary>
/// Asynchronous successive halving (ASHA; Li et al., "A System for Massively Parallel Hyperparameter Tuning", MLSys
/// 2020). Trials climb rungs of r, rη, rη², … epochs up to R. Whenever an accelerator is free it gets the best trial
/// that stands in the top 1/η of everything that has reached its rung so far and was not promoted yet (highest rung
/// first), or else a new trial: no accelerator waits for a rung to fill. A trial that reached a rung and is not promoted
/// gives its accelerator back at once; it may still be promoted later if the rung grows around it. Pure and
/// deterministic (ties go to the lower trial number), so a tuner can replay its stored results after a restart.
/// </summary>
public sealed class AshaScheduler
{
    private readonly Rung[] rungs;
    private readonly Dictionary<int, AshaJob> running = [];
    private readonly Queue<AshaJob> resumed = new();
    private readonly Dictionary<int, AshaResult> latest = [];

    public AshaScheduler(int trials, int minEpochs, int maxEpochs, int reduction)
    {
        if (trials < 1) throw new ArgumentOutOfRangeException(nameof(trials), trials, "A search needs at least one trial.");
        if (minEpochs < 1) throw new ArgumentOutOfRangeException(nameof(minEpochs), minEpochs, "The first rung needs at least one epoch.");
        if (maxEpochs < minEpochs)
            throw new ArgumentOutOfRangeException(nameof(maxEpochs), maxEpochs, $"The last rung must be at least the first ({minEpochs}).");
        if (reduction < 2) throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "The reduction factor η must be at least 2.");
        Trials = trials;
        Reduction = reduction;
        Rungs = Milestones(minEpochs, maxEpochs, reduction);
        rungs = Rungs.Select(_ => new Rung()).ToArray();
    }

    public int Trials { get; }

    public int Reduction { get; }

    /// <summary>The epochs at which trials are compared: r, rη, rη², … while below R, then R.</summary>
    public IReadOnlyList<int> Rungs { get; }

    /// <summary>How many trials have been handed out as new jobs.</summary>
    public int Started { get; private set; }

    public IReadOnlyCollection<AshaJob> Running => running.Values;

    /// <summary>Nothing runs, nothing can be promoted and every trial has started: the search is over.</summary>
    public bool Done => running.Count == 0 && resumed.Count == 0 && Started == Trials && FindPromotion() is null;

    /// <summary>The trial with the lowest loss after the full <see cref="Rungs"/>[^1] epochs, if any got there.</summary>
    public AshaResult? Best => rungs[^1].Best;

    /// <summary>Each trial's result at the highest rung it reached.</summary>
    public IReadOnlyCollection<AshaResult> Latest => latest.Values;

    /// <summary>Every result so far, for a tuner to store and replay with <see cref="Restore"/>.</summary>
    public IEnumerable<AshaResult> Results => rungs.SelectMany(rung => rung.Results);

    /// <summary>The next job for a free accelerator, or null when there is none now (more may come as results arrive).</summary>
    public AshaJob? NextJob()
    {
        AshaJob job;
        if (resumed.TryDequeue(out var again)) job = again;
        else if (FindPromotion() is { } rung)
        {
            var trial = rungs[rung].Promote();
            latest[trial.Trial] = trial with { Promoted = true };
            job = new AshaJob(trial.Trial, Rungs[rung], Rungs[rung + 1]);
        }
        else if (Started < Trials) job = new AshaJob(Started++, 0, Rungs[0]);
        else return null;
        running[job.Trial] = job;
        return job;
    }

    /// <summary>A running trial reached the end of its job with this validation loss (NaN or infinity: it diverged).</summary>
    public void Report(int trial, double loss)
    {
        if (!running.Remove(trial, out var job)) throw new InvalidOperationException($"Trial {trial} is not running.");
        var rung = RungOf(job.ToEpoch);
        var result = new AshaResult(trial, rung, double.IsFinite(loss) ? loss : double.PositiveInfinity, Promoted: false);
        rungs[rung].Add(result);
        latest[trial] = result;
    }

    /// <summary>A running trial failed: it gives its accelerator back and is never promoted.</summary>
    public void Fail(int trial)
    {
        if (!running.Remove(trial)) throw new InvalidOperationException($"Trial {trial} is not running.");
    }

    /// <summary>
    /// A scheduler in the state that <paramref name="results"/> describe, with <paramref name="started"/> trials handed
    /// out; the jobs that were <paramref name="running"/> are handed out again first (their trials resume from their
    /// checkpoints).
    /// </summary>
    public static AshaScheduler Restore(int trials, int minEpochs, int maxEpochs, int reduction, int started,
        IEnumerable<AshaResult> results, IEnumerable<AshaJob> running)
    {
        var scheduler = new AshaScheduler(trials, minEpochs, maxEpochs, reduction) { Started = started };
        foreach (var result in results.OrderBy(r => r.Rung).ThenBy(r => r.Trial))
        {
            scheduler.rungs[result.Rung].Add(result with { Promoted = false });
            if (result.Promoted) scheduler.rungs[result.Rung].Promote(result.Trial);
            if (!scheduler.latest.TryGetValue(result.Trial, out var known) || known.Rung < result.Rung) scheduler.latest[result.Trial] = result;
        }
        foreach (var job in running) scheduler.resumed.Enqueue(job);
        return scheduler;
    }

    private int? FindPromotion()
    {
        for (var rung = rungs.Length - 2; rung >= 0; rung--)
            if (rungs[rung].CanPromote(Reduction)) return rung;
        return null;
    }

    private int RungOf(int epoch)
    {
        for (var rung = 0; rung < Rungs.Count; rung++)
            if (Rungs[rung] == epoch) return rung;
        throw new InvalidOperationException($"Epoch {epoch} is not a rung ({string.Join(", ", Rungs)}).");
    }

    private static int[] Milestones(int minEpochs, int maxEpochs, int reduction)
    {
        var milestones = new List<int>();
        for (long epochs = minEpochs; epochs < maxEpochs; epochs *= reduction) milestones.Add((int)epochs);
        milestones.Add(maxEpochs);
        return [.. milestones];
    }

    /// <summary>
    /// The results at one rung: those waiting in loss order, and the losses of those promoted (sorted), so that whether
    /// the best waiting trial is in the top 1/η is a binary search, not a scan of the rung.
    /// </summary>
    private sealed class Rung
    {
        private readonly SortedSet<(double Loss, int Trial)> waiting = [];
        private readonly List<double> promotedLosses = [];
        private readonly Dictionary<int, AshaResult> results = [];

        public IEnumerable<AshaResult> Results => results.Values;

        public AshaResult? Best => results.Count == 0 ? null : results.Values.MinBy(r => (r.Loss, r.Trial));

        public void Add(AshaResult result)
        {
            results[result.Trial] = result;
            waiting.Add((result.Loss, result.Trial));
        }

        /// <summary>The best waiting trial ranks within the top ⌊n/η⌋ of the rung (only promoted trials can beat it).</summary>
        public bool CanPromote(int reduction)
        {
            if (waiting.Count == 0) return false;
            var best = waiting.Min;
            return double.IsFinite(best.Loss) && PromotedBelow(best.Loss) < results.Count / reduction;
        }

        public AshaResult Promote()
        {
            var best = waiting.Min;
            return Promote(best.Trial);
        }

        public AshaResult Promote(int trial)
        {
            var result = results[trial];
            waiting.Remove((result.Loss, trial));
            var at = promotedLosses.BinarySearch(result.Loss);
            promotedLosses.Insert(at < 0 ? ~at : at, result.Loss);
            results[trial] = result with { Promoted = true };
            return results[trial];
        }

        private int PromotedBelow(double loss)
        {
            var at = promotedLosses.BinarySearch(loss);
            if (at < 0) return ~at;
            while (at > 0 && promotedLosses[at - 1] == loss) at--;
            return at;
        }
    }
}
