using KeypointGrains.Keypoints.Training;

namespace KeypointGrains.Keypoints.Tests.Training;

public class CosineScheduleTests
{
    [Fact]
    public void Warms_up_linearly_then_falls_along_a_cosine_to_the_end_value()
    {
        var rate = new CosineSchedule(0.002, 0.00002, 13, warmup: 3);
        Assert.Equal(0.002 / 3, rate.At(0), 12);
        Assert.Equal(0.004 / 3, rate.At(1), 12);
        Assert.Equal(0.002, rate.At(2), 12);
        // Decay over epochs 3..12: the midpoint (epoch 7.5) would be the mean of start and end.
        Assert.Equal(0.00002 + (0.002 - 0.00002) * (1 + Math.Cos(Math.PI * 4 / 9)) / 2, rate.At(7), 12);
        Assert.Equal(0.00002, rate.At(12), 12);
        Assert.Equal(0.00002, rate.At(50), 12);
        // The decay starts from the peak at epoch 3, after the warm-up's last epoch reached it.
        Assert.Equal(0.002, rate.At(3), 12);
        var decay = Enumerable.Range(3, 10).Select(rate.At).ToArray();
        Assert.True(decay.Zip(decay.Skip(1)).All(p => p.Second < p.First), string.Join(", ", decay));
    }

    [Fact]
    public void Without_warm_up_it_starts_at_the_start_value() =>
        Assert.Equal(0.01, new CosineSchedule(0.01, 0, 10, warmup: 0).At(0), 12);

    [Fact]
    public void With_no_epoch_left_to_decay_it_keeps_the_start_value()
    {
        Assert.Equal(0.01, new CosineSchedule(0.01, 0, 1, warmup: 0).At(0));
        Assert.Equal(0.01, new CosineSchedule(0.01, 0, 3, warmup: 5).At(2), 12);
    }
}
