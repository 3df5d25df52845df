using KeypointGrains.Keypoints.Training;

namespace KeypointGrains.Keypoints.Tests.Training;

public class EarlyStoppingTests
{
    [Fact]
    public void Stops_once_more_than_patience_epochs_pass_without_a_better_loss()
    {
        var stopping = new EarlyStopping(patience: 2);
        Assert.True(stopping.Observe(1, 0.5));
        Assert.True(stopping.Observe(2, 0.4));
        Assert.False(stopping.Observe(3, 0.41));
        Assert.False(stopping.Observe(4, 0.4));
        Assert.False(stopping.ShouldStop);
        Assert.False(stopping.Observe(5, 0.45));
        Assert.True(stopping.ShouldStop);
        Assert.Equal(2, stopping.BestEpoch);
        Assert.Equal(0.4, stopping.BestLoss);
    }

    [Fact]
    public void An_improvement_resets_the_wait_and_NaN_never_improves()
    {
        var stopping = new EarlyStopping(patience: 1);
        stopping.Observe(1, 1.0);
        Assert.False(stopping.Observe(2, double.NaN));
        Assert.True(stopping.Observe(3, 0.9));
        Assert.False(stopping.Observe(4, 0.95));
        Assert.False(stopping.ShouldStop);
        Assert.Equal(3, stopping.BestEpoch);
    }

    [Fact]
    public void Restored_state_carries_on_where_it_was()
    {
        var stopping = EarlyStopping.Restore(patience: 3, bestEpoch: 7, bestLoss: 0.2, lastEpoch: 10);
        Assert.False(stopping.ShouldStop);
        Assert.False(stopping.Observe(11, 0.3));
        Assert.True(stopping.ShouldStop);
    }
}
