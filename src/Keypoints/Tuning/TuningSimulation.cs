using System.Diagnostics;

namespace KeypointGrains.Keypoints.Tuning;

/// <summary>
/// Runs a search on a virtual clock with trials that replay recorded learning curves, epoch times drawn from the
/// recorded ones, epoch by epoch: a search in the stopping form (kg bench tune gives it the coordinator's own schedule),
/// and random search training the same trials to the full budget for comparison.
/// </summary>
public sealed class TuningSimulation
{
    private readonly IReadOnlyList<RecordedCurve> curves;
    private readonly SimulationOptions options;
    private readonly SimulatedTrial[] trials;

    public TuningSimulation(IReadOnlyList<RecordedCurve> curves, SimulationOptions options)
    {
        if (options.Accelerators < 1) throw new ArgumentOutOfRangeException(nameof(options), "A simulation needs at least one accelerator.");
        var tooShort = curves.FirstOrDefault(c => c.Epochs < options.MaxEpochs);
        if (tooShort is not null)
            throw new ArgumentException($"A recorded curve ({tooShort.Recipe}) has {tooShort.Epochs} epochs, fewer than the {options.MaxEpochs} a trial may train.");
        this.curves = curves;
        this.options = options;
        trials = Enumerable.Range(0, options.Trials).Select(Draw).ToArray();
    }

    /// <summary>
    /// The search <paramref name="search"/> decides: an accelerator that comes free asks it for trials to start, and a trial
    /// reports every epoch; one told to stop trains the epoch it has begun, then ends.
    /// </summary>
    public SimulationOutcome Run(IStoppingSearch search)
    {
        var decisions = new List<double>();
        var ends = new PriorityQueue<(int Trial, int Epoch), double>();
        var stopping = new HashSet<int>();
        var now = 0.0;
        var busy = 0.0;
        var idle = options.Accelerators;
        long epochs = 0;
        (double Loss, double Time) best = (double.PositiveInfinity, 0);

        void Train(int trial, int epoch)
        {
            var seconds = trials[trial].EpochSeconds[epoch - 1];
            busy += seconds;
            epochs++;
            ends.Enqueue((trial, epoch), now + seconds);
        }

        void Dispatch()
        {
            if (idle == 0) return;
            foreach (var trial in Timed(() => search.Start(idle), decisions))
            {
                idle--;
                Train(trial, 1);
            }
        }

        Dispatch();
        while (ends.TryDequeue(out var ended, out var end))
        {
            now = end;
            var (trial, epoch) = ended;
            var (loss, bestEpoch) = trials[trial].BestAfter(epoch);
            if (epoch == options.MaxEpochs && loss < best.Loss) best = (loss, now);
            bool stops = Timed(() => search.Stops(trial, epoch, bestEpoch, loss), decisions);
            if (stopping.Contains(trial) || epoch == options.MaxEpochs)
            {
                search.Ended(trial, stopping.Remove(trial));
                idle++;
                Dispatch();
                continue;
            }
            if (stops) stopping.Add(trial);
            Train(trial, epoch + 1);
        }
        return new SimulationOutcome(now == 0 ? 0 : busy / (options.Accelerators * now), best.Time, best.Loss, now, epochs, decisions);
    }

    /// <summary>Random search: every trial trained to the full budget, in order, as accelerators come free.</summary>
    public SimulationOutcome RandomFull() => Run(new FullBudgets(options.Trials));

    private static T Timed<T>(Func<T> decide, List<double> decisions)
    {
        var start = Stopwatch.GetTimestamp();
        var result = decide();
        decisions.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        return result;
    }

    /// <summary>Starts the trials in order and never stops one.</summary>
    private sealed class FullBudgets(int count) : IStoppingSearch
    {
        private int next;

        public IReadOnlyList<int> Start(int free)
        {
            var started = Enumerable.Range(next, Math.Min(free, count - next)).ToArray();
            next += started.Length;
            return started;
        }

        public bool Stops(int trial, int epoch, int bestEpoch, double bestLoss) => false;

        public void Ended(int trial, bool stopped)
        {
        }
    }

    private SimulatedTrial Draw(int trial)
    {
        var random = new Random(unchecked(options.Seed * 1_000_003 + trial) & int.MaxValue);
        var curve = curves[random.Next(curves.Count)];
        // Box–Muller: one standard normal draw for the trial's constant shift.
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var seconds = Enumerable.Range(0, options.MaxEpochs).Select(_ => curve.EpochSeconds[random.Next(curve.Epochs)]).ToArray();
        return new SimulatedTrial(curve, normal * options.TrialSpreadPixels, seconds);
    }

    private sealed record SimulatedTrial(RecordedCurve Curve, double Shift, double[] EpochSeconds)
    {
        /// <summary>The best RMSE over the first <paramref name="epochs"/> epochs (the loss a trial reports) and its epoch.</summary>
        public (double Loss, int Epoch) BestAfter(int epochs)
        {
            var best = Curve.BestAfter(epochs);
            return (best + Shift, Curve.RmsePixels.Take(epochs).ToList().IndexOf(best) + 1);
        }
    }
}
