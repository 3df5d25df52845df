using KeypointGrains.ClusterClient.Inference;
using KeypointGrains.Contracts.Inference;

namespace KeypointGrains.Cluster.Tests.Inference;

public class FoldAverageTests
{
    [Fact]
    public void The_copies_that_answered_are_averaged_under_the_group_name()
    {
        var mean = FoldAverage.Of("nose-tip",
            [new GroupPrediction("nose-tip@1", [20, 21], [10, 20, 30, 40]), null, new GroupPrediction("nose-tip@3", [20, 21], [20, 40, 50, 60])]);
        Assert.NotNull(mean);
        Assert.Equal("nose-tip", mean.Model);
        Assert.Equal([20, 21], mean.Columns);
        Assert.Equal([15f, 30f, 40f, 50f], mean.Coordinates);
    }

    [Fact]
    public void One_answer_stands_as_it_is_and_none_is_no_answer()
    {
        var only = new GroupPrediction("eyebrows", [12, 13], [1, 2]);
        Assert.Same(only, FoldAverage.Of("eyebrows", [null, only]));
        Assert.Null(FoldAverage.Of("eyebrows", [null, null]));
    }

    [Fact]
    public void Copies_that_disagree_on_their_columns_are_an_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FoldAverage.Of("eye-centers",
            [new GroupPrediction("eye-centers@1", [0, 1], [1, 2]), new GroupPrediction("eye-centers@2", [0, 2], [1, 2])]));
        Assert.Contains("eye-centers", error.Message);
    }
}
