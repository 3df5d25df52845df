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
    public void Random_search_trains_every_trial_its_whole_budget_and_one_accelerator_is_never_idle()
    {
        var random = new TuningSimulation(Curves, Options(accelerators: 1, trials: 30)).RandomFull();

        Assert.Equal(30 * 9, random.EpochsTrained);
        Assert.Equal(1.0, random.Utilisation, 9);
        // Its best trial replays the fast curve (2.11 px after 9 epochs), shifted by at most a few spreads.
        Assert.InRange(random.BestRmsePixels, 2.11 - 0.2, 2.11 + 0.2);
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
