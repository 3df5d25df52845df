using KeypointGrains.Keypoints.Tuning;
using KeypointGrains.Scheduling;

namespace KeypointGrains.Cluster.Tests.Campaigns;

/// <summary>kg bench tune --simulate's search: the coordinator's own schedule and halving on a virtual clock.</summary>
public class ScheduleSearchTests
{
    // A recipe that keeps its lead from the first epoch, one that is slow to start and ends second, and one that never learns.
    private static readonly IReadOnlyList<RecordedCurve> Curves =
    [
        new("leads", Enumerable.Range(1, 9).Select(e => 2.5 - 0.05 * e).ToArray(), Enumerable.Repeat(8.0, 9).ToArray()),
        new("late", Enumerable.Range(1, 9).Select(e => 6.0 - 0.4 * e).ToArray(), Enumerable.Repeat(6.0, 9).ToArray()),
        new("flat", Enumerable.Repeat(7.5, 9).ToArray(), Enumerable.Repeat(12.0, 9).ToArray()),
    ];

    private static SimulationOptions Options(int accelerators, int trials) =>
        new(accelerators, trials, MinEpochs: 1, MaxEpochs: 9, Reduction: 3, Seed: 5, TrialSpreadPixels: 0.05);

    [Fact]
    public void The_coordinators_halving_trains_far_fewer_epochs_than_random_search_and_ends_as_good()
    {
        var options = Options(accelerators: 4, trials: 90);
        var simulation = new TuningSimulation(Curves, options);

        var halving = simulation.Run(new ScheduleSearch(options));
        var random = simulation.RandomFull();

        Assert.Equal(90 * 9, random.EpochsTrained);
        Assert.InRange(halving.EpochsTrained, 90, 90 * 9 / 2);
        Assert.True(halving.TimeToBestSeconds < random.TimeToBestSeconds);
        // The best trials replay the leading curve (2.05 px after 9 epochs, before their shifts); the halving keeps one close.
        Assert.InRange(halving.BestRmsePixels, random.BestRmsePixels, random.BestRmsePixels + 0.1);
    }

    [Fact]
    public void One_accelerator_is_never_idle_and_the_same_seed_replays_the_same_search()
    {
        var options = Options(accelerators: 1, trials: 30);
        var first = new TuningSimulation(Curves, options).Run(new ScheduleSearch(options));
        var again = new TuningSimulation(Curves, options).Run(new ScheduleSearch(options));

        Assert.Equal(1.0, first.Utilisation, 9);
        Assert.Equal((first.MakespanSeconds, first.EpochsTrained, first.BestRmsePixels),
            (again.MakespanSeconds, again.EpochsTrained, again.BestRmsePixels));
    }

    [Fact]
    public void More_accelerators_than_trials_leave_some_idle()
    {
        var options = Options(accelerators: 64, trials: 9);

        Assert.InRange(new TuningSimulation(Curves, options).Run(new ScheduleSearch(options)).Utilisation, 0.01, 0.5);
    }

    [Fact]
    public void No_more_trials_start_than_accelerators_and_a_stopped_trials_place_goes_to_the_next()
    {
        var search = new ScheduleSearch(Options(accelerators: 2, trials: 4));

        Assert.Equal([0, 1], search.Start(free: 5));
        Assert.Empty(search.Start(free: 5));
        // At the first rung: trial 0 is first (it goes on), trial 1 is not among the best ⌈2/3⌉ = 1.
        Assert.False(search.Stops(0, epoch: 1, bestEpoch: 1, bestLoss: 3.0));
        Assert.True(search.Stops(1, epoch: 1, bestEpoch: 1, bestLoss: 4.0));
        search.Ended(1, stopped: true);
        Assert.Equal([2], search.Start(free: 1));
    }
}
