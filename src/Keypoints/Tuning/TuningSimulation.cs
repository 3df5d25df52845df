using System.Diagnostics;

namespace KeypointGrains.Keypoints.Tuning;

/// <summary>
/// Runs a search on a virtual clock with trials that replay recorded learning curves, epoch times drawn from the
/// recorded ones: ASHA through the real <see cref="AshaScheduler"/>, and random search training the same trials to the
/// full budget for comparison. An accelerator asks for a job whenever it is free and after every result (a result can
/// make a promotion possible).
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

    public SimulationOutcome Asha()
    {
        var scheduler = new AshaScheduler(options.Trials, options.MinEpochs, options.MaxEpochs, options.Reduction);
        var decisions = new List<double>();
        return Run(() => Timed(scheduler.NextJob, decisions), (job, loss) => Timed(() => scheduler.Report(job.Trial, loss), decisions), decisions);
    }

    /// <summary>Every trial trained to the full budget, in order, as accelerators come free.</summary>
    public SimulationOutcome RandomFull()
    {
        var next = 0;
        return Run(() => next < options.Trials ? new AshaJob(next++, 0, options.MaxEpochs) : null, (_, _) => { }, []);
    }

    private SimulationOutcome Run(Func<AshaJob?> nextJob, Action<AshaJob, double> report, List<double> decisions)
    {
        var ends = new PriorityQueue<AshaJob, double>();
        var now = 0.0;
        var busy = 0.0;
        var idle = options.Accelerators;
        long epochs = 0;
        (double Loss, double Time) best = (double.PositiveInfinity, 0);

        void Dispatch()
        {
            while (idle > 0 && nextJob() is { } job)
            {
                idle--;
                var seconds = trials[job.Trial].Seconds(job.FromEpoch, job.ToEpoch);
                busy += seconds;
                epochs += job.Epochs;
                ends.Enqueue(job, now + seconds);
            }
        }

        Dispatch();
        while (ends.TryDequeue(out var job, out var end))
        {
            now = end;
            idle++;
            var loss = trials[job.Trial].LossAfter(job.ToEpoch);
            report(job, loss);
            if (job.ToEpoch == options.MaxEpochs && loss < best.Loss) best = (loss, now);
            Dispatch();
        }
        return new SimulationOutcome(now == 0 ? 0 : busy / (options.Accelerators * now), best.Time, best.Loss, now, epochs, decisions);
    }

    private static T Timed<T>(Func<T> decide, List<double> decisions)
    {
        var start = Stopwatch.GetTimestamp();
        var result = decide();
        decisions.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        return result;
    }

    private static void Timed(Action decide, List<double> decisions) => Timed(() => { decide(); return 0; }, decisions);

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
        public double LossAfter(int epochs) => Curve.BestAfter(epochs) + Shift;

        public double Seconds(int fromEpoch, int toEpoch)
        {
            var seconds = 0.0;
            for (var epoch = fromEpoch; epoch < toEpoch; epoch++) seconds += EpochSeconds[epoch];
            return seconds;
        }
    }
}
