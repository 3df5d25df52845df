using KeypointGrains.Keypoints.Tuning;

namespace KeypointGrains.Keypoints.Tests.Tuning;

public class TuningSimulationTests
{
    // Three recipes: one that leads from the first epoch and ends best, one that stalls, one that never learns.
    private static readonly IReadOnlyList<RecordedCurve> Curves =
    [
        new("fast", Enumerable.Range(1, 9).Select(e => 2.0 + 1.0 / e).ToArray(), Enumerable.Repeat(10.0, 9).ToArray()),
        new("stalls", Enumerable.Range(1, 9).Select(e => e < 3 ? 3.5 : 3.2).ToArray(), Enumerable.Repeat(5.0, 9).ToArray()),
        new("never", Enumerable.Repeat(9.0, 9).ToArray(), Enumerable.Repeat(20.0, 9).ToArray()),
    ];

    private static SimulationOptions Options(int accelerators, int trials) =>
        new(accelerators, trials, MinEpochs: 1, MaxEpochs: 9, Reduction: 3, Seed: 11, TrialSpreadPixels: 0.05);

    [Fact]
    public void Asha_trains_far_fewer_epochs_than_random_search_and_ends_as_good()
    {
        var simulation = new TuningSimulation(Curves, Options(accelerators: 4, trials: 90));

        var asha = simulation.Asha();
        var random = simulation.RandomFull();

        Assert.Equal(90 * 9, random.EpochsTrained);
        Assert.InRange(asha.EpochsTrained, 90, 90 * 9 / 2);
        Assert.True(asha.TimeToBestSeconds < random.TimeToBestSeconds);
        // The best trial replays the fast curve (2.11 px after 9 epochs, before its shift); ASHA keeps one close to it.
        Assert.InRange(asha.BestRmsePixels, random.BestRmsePixels, random.BestRmsePixels + 0.1);
    }

    [Fact]
    public void One_accelerator_is_never_idle_and_the_same_seed_replays_the_same_search()
    {
        var first = new TuningSimulation(Curves, Options(accelerators: 1, trials: 30)).Asha();
        var again = new TuningSimulation(Curves, Options(accelerators: 1, trials: 30)).Asha();

        Assert.Equal(1.0, first.Utilisation, 9);
        Assert.Equal((first.MakespanSeconds, first.EpochsTrained, first.BestRmsePixels),
            (again.MakespanSeconds, again.EpochsTrained, again.BestRmsePixels));
    }

    [Fact]
    public void More_accelerators_than_work_leave_some_idle()
    {
        var outcome = new TuningSimulation(Curves, Options(accelerators: 64, trials: 9)).Asha();

        Assert.InRange(outcome.Utilisation, 0.01, 0.5);
    }

    [Fact]
    public void Curves_shorter_than_the_budget_are_refused() =>
        Assert.Contains("fewer than the 12",
            Assert.Throws<ArgumentException>(() => new TuningSimulation(Curves, Options(4, 10) with { MaxEpochs = 12 })).Message);

    [Fact]
    public void Recorded_curves_survive_a_round_trip_and_a_bad_line_is_named()
    {
        var text = new StringWriter();
        RecordedCurve.Write(text, Curves);

        var read = RecordedCurve.Read(new StringReader(text.ToString()), "curves.csv");

        Assert.Equal(Curves.Select(c => (c.Recipe, Math.Round(c.RmsePixels.Sum(), 3), c.EpochSeconds.Sum())),
            read.Select(c => (c.Recipe, Math.Round(c.RmsePixels.Sum(), 3), c.EpochSeconds.Sum())));
        var broken = text.ToString().Replace(",fast,3,", ",fast,3x,");
        Assert.Contains("curves.csv: line 4", Assert.Throws<FormatException>(() => RecordedCurve.Read(new StringReader(broken), "curves.csv")).Message);
    }
}
