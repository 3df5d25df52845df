using KeypointGrains.Keypoints.Training;

namespace KeypointGrains.Keypoints.Tests.Training;

public class ValidationRecordTests
{
    [Fact]
    public void Patience_stops_once_more_than_patience_epochs_pass_without_a_better_loss()
    {
        var record = new ValidationRecord();
        var patience = new PatienceStopping(2);
        bool ShouldStop() => patience.ShouldStop(record.LastEpoch, record.BestEpoch);
        Assert.True(record.Observe(1, 0.5));
        Assert.True(record.Observe(2, 0.4));
        Assert.False(record.Observe(3, 0.41));
        Assert.False(record.Observe(4, 0.4));
        Assert.False(ShouldStop());
        Assert.False(record.Observe(5, 0.45));
        Assert.True(ShouldStop());
        Assert.Equal(2, record.BestEpoch);
        Assert.Equal(0.4, record.BestLoss);
    }

    [Fact]
    public void An_improvement_resets_the_wait_and_NaN_never_improves()
    {
        var record = new ValidationRecord();
        record.Observe(1, 1.0);
        Assert.False(record.Observe(2, double.NaN));
        Assert.True(record.Observe(3, 0.9));
        Assert.False(record.Observe(4, 0.95));
        Assert.False(new PatienceStopping(1).ShouldStop(record.LastEpoch, record.BestEpoch));
        Assert.Equal(3, record.BestEpoch);
    }

    [Fact]
    public void A_restored_record_carries_on_where_it_was()
    {
        var record = ValidationRecord.Restore(bestEpoch: 7, bestLoss: 0.2, lastEpoch: 10);
        var patience = new PatienceStopping(3);
        Assert.False(patience.ShouldStop(record.LastEpoch, record.BestEpoch));
        Assert.False(record.Observe(11, 0.3));
        Assert.True(patience.ShouldStop(record.LastEpoch, record.BestEpoch));
        Assert.Equal((7, 0.2), (record.BestEpoch, record.BestLoss));
    }
}
