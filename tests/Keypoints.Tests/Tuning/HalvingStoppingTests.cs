using KeypointGrains.Keypoints.Tuning;

namespace KeypointGrains.Keypoints.Tests.Tuning;

public class HalvingStoppingTests
{
    [Theory]
    [InlineData(1, 3, 9, new[] { 1, 3 })]
    [InlineData(1, 3, 27, new[] { 1, 3, 9 })]
    [InlineData(2, 2, 9, new[] { 2, 4, 8 })]
    [InlineData(9, 3, 9, new int[0])]
    public void Rungs_are_the_first_rung_times_powers_of_the_reduction_below_the_budget(int min, int reduction, int max, int[] rungs) =>
        Assert.Equal(rungs, new HalvingStopping(min, reduction, max).Rungs);

    [Fact]
    public void Of_the_trials_at_a_rung_the_best_third_go_on_as_they_arrive()
    {
        var halving = new HalvingStopping(1, 3, 27);
        var rungs = new Dictionary<int, Dictionary<string, double>>();
        // Losses arriving in this order: each decision sees only those before it.
        var losses = new[] { 0.50, 0.60, 0.40, 0.45, 0.30, 0.90 };
        var stopped = losses.Select((loss, i) => halving.Stops(rungs, $"t{i}", 3, loss)).ToArray();
        // 0.45 ties the second best of four (⌈4/3⌉ = 2 go on) and goes on.
        Assert.Equal([false, true, false, false, false, true], stopped);
        // A NaN loss (a diverged trial) is the worst there is.
        Assert.True(halving.Stops(rungs, "diverged", 3, double.NaN));
    }

    [Fact]
    public void Bad_settings_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HalvingStopping(0, 3, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HalvingStopping(1, 1, 9));
    }
}
