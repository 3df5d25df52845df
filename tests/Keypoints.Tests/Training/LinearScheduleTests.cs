using KeypointGrains.Keypoints.Training;

namespace KeypointGrains.Keypoints.Tests.Training;

public class LinearScheduleTests
{
    [Fact]
    public void Runs_from_start_to_end_like_numpy_linspace()
    {
        var rate = new LinearSchedule(0.03, 0.001, 3000);
        Assert.Equal(0.03, rate.At(0), 12);
        Assert.Equal(0.001, rate.At(2999), 12);
        Assert.Equal(0.03 + (0.001 - 0.03) * 1500 / 2999, rate.At(1500), 12);
    }

    [Fact]
    public void Momentum_rises_and_stays_at_the_end_after_the_last_epoch()
    {
        var momentum = new LinearSchedule(0.9, 0.999, 5);
        Assert.Equal([0.9, 0.92475, 0.9495, 0.97425, 0.999], Enumerable.Range(0, 5).Select(e => Math.Round(momentum.At(e), 10)));
        Assert.Equal(0.999, momentum.At(10), 12);
    }

    [Fact]
    public void A_single_epoch_uses_the_start_value() => Assert.Equal(0.03, new LinearSchedule(0.03, 0.001, 1).At(0));
}
