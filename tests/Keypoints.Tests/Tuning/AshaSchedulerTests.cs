using KeypointGrains.Keypoints.Tuning;

namespace KeypointGrains.Keypoints.Tests.Tuning;

public class AshaSchedulerTests
{
    [Theory]
    [InlineData(1, 27, 3, new[] { 1, 3, 9, 27 })]
    [InlineData(2, 20, 3, new[] { 2, 6, 18, 20 })]
    [InlineData(1, 16, 4, new[] { 1, 4, 16 })]
    [InlineData(5, 5, 2, new[] { 5 })]
    public void Rungs_grow_by_the_reduction_factor_up_to_the_full_budget(int min, int max, int reduction, int[] rungs) =>
        Assert.Equal(rungs, new AshaScheduler(4, min, max, reduction).Rungs);

    [Fact]
    public void A_trial_is_promoted_as_soon_as_it_is_in_the_top_third_of_its_rung()
    {
        var scheduler = new AshaScheduler(trials: 9, minEpochs: 1, maxEpochs: 9, reduction: 3);
        double[] losses = [5, 3, 4];
        foreach (var loss in losses)
        {
            var job = scheduler.NextJob()!;
            Assert.True(job.IsNewTrial);
            scheduler.Report(job.Trial, loss);
        }

        // Three results at rung 1: trial 1 (3.0) is the top third, so it climbs before any new trial starts.
        Assert.Equal(new AshaJob(1, 1, 3), scheduler.NextJob());
        // Nothing else is promotable yet: the next free accelerator starts trial 3.
        Assert.Equal(new AshaJob(3, 0, 1), scheduler.NextJob());
    }

    [Fact]
    public void No_accelerator_waits_for_a_rung_to_fill()
    {
        var scheduler = new AshaScheduler(trials: 4, minEpochs: 1, maxEpochs: 3, reduction: 3);
        var jobs = Enumerable.Range(0, 4).Select(_ => scheduler.NextJob()).ToArray();

        Assert.All(jobs, job => Assert.NotNull(job));
        Assert.Null(scheduler.NextJob());
        Assert.False(scheduler.Done);
    }

    [Fact]
    public void Every_promotion_is_of_a_trial_in_the_top_fraction_of_what_reached_its_rung()
    {
        var random = new Random(7);
        var scheduler = new AshaScheduler(trials: 200, minEpochs: 1, maxEpochs: 27, reduction: 3);
        var reached = scheduler.Rungs.Select(_ => new Dictionary<int, double>()).ToArray();
        var quality = Enumerable.Range(0, 200).Select(_ => random.NextDouble()).ToArray();
        var running = new List<AshaJob>();
        var promotions = 0;
        while (!scheduler.Done)
        {
            while (running.Count < 8 && scheduler.NextJob() is { } job)
            {
                if (!job.IsNewTrial)
                {
                    var rung = scheduler.Rungs.ToList().IndexOf(job.FromEpoch);
                    var loss = reached[rung][job.Trial];
                    var better = reached[rung].Values.Count(other => other < loss);
                    Assert.True(better < reached[rung].Count / 3, $"trial {job.Trial} ranked {better} of {reached[rung].Count}");
                    promotions++;
                }
                running.Add(job);
            }
            // Accelerators finish in an order of their own.
            var done = running[random.Next(running.Count)];
            running.Remove(done);
            var lossThere = quality[done.Trial] + 1.0 / done.ToEpoch;
            reached[scheduler.Rungs.ToList().IndexOf(done.ToEpoch)][done.Trial] = lossThere;
            scheduler.Report(done.Trial, lossThere);
        }

        Assert.True(promotions > 0);
        Assert.Equal(200, reached[0].Count);
        Assert.True(reached[^1].Count < reached[0].Count / 3);
        var best = scheduler.Best!;
        Assert.Equal(reached[^1].Values.Min(), best.Loss);
    }

    [Fact]
    public void Failed_and_diverged_trials_are_never_promoted()
    {
        var scheduler = new AshaScheduler(trials: 6, minEpochs: 1, maxEpochs: 3, reduction: 3);
        var first = Enumerable.Range(0, 6).Select(_ => scheduler.NextJob()!).ToArray();
        scheduler.Fail(first[0].Trial);
        scheduler.Report(first[1].Trial, double.NaN);
        scheduler.Report(first[2].Trial, double.PositiveInfinity);
        foreach (var job in first.Skip(3)) scheduler.Report(job.Trial, 10 + job.Trial);

        var promoted = scheduler.NextJob()!;
        Assert.Equal(3, promoted.Trial);
        Assert.Null(scheduler.NextJob());
        Assert.Throws<InvalidOperationException>(() => scheduler.Report(first[0].Trial, 1));
    }

    [Fact]
    public void A_restored_scheduler_hands_out_what_the_original_would_have()
    {
        var random = new Random(3);
        var losses = Enumerable.Range(0, 40).Select(_ => random.NextDouble()).ToArray();
        var original = new AshaScheduler(trials: 40, minEpochs: 1, maxEpochs: 9, reduction: 3);
        var running = new Queue<AshaJob>();
        for (var step = 0; step < 30; step++)
        {
            while (running.Count < 4 && original.NextJob() is { } job) running.Enqueue(job);
            var done = running.Dequeue();
            original.Report(done.Trial, losses[done.Trial] / done.ToEpoch);
        }

        var restored = AshaScheduler.Restore(40, 1, 9, 3, original.Started, original.Results, original.Running);

        // The jobs that were running come back first, to resume from their checkpoints; then both agree.
        Assert.Equal(running.OrderBy(j => j.Trial), Enumerable.Range(0, running.Count).Select(_ => restored.NextJob()!).OrderBy(j => j.Trial));
        for (var step = 0; step < 20; step++)
        {
            var expected = original.NextJob();
            Assert.Equal(expected, restored.NextJob());
            if (expected is null) break;
            original.Report(expected.Trial, losses[expected.Trial]);
            restored.Report(expected.Trial, losses[expected.Trial]);
        }
        Assert.Equal(original.Results.OrderBy(r => (r.Rung, r.Trial)), restored.Results.OrderBy(r => (r.Rung, r.Trial)));
    }
}
