using KeypointGrains.Keypoints.Networks;
using KeypointGrains.Keypoints.Performance;

namespace KeypointGrains.Keypoints.Tests.Performance;

public class FlopCounterTests
{
    [Fact]
    public void Cnn_large_forward_work_matches_its_layer_shapes()
    {
        using var network = NetworkRegistry.Create("cnn-large", 30);
        long expected =
            2L * 32 * 94 * 94 * 9            // conv 32 3x3 on 96x96
            + 2L * 64 * 46 * 46 * 32 * 4     // conv 64 2x2 on 47x47
            + 2L * 128 * 22 * 22 * 64 * 4    // conv 128 2x2 on 23x23
            + 2L * 15488 * 1000 + 2L * 1000 * 1000 + 2L * 1000 * 30;
        Assert.Equal(expected, FlopCounter.ForwardFlopsPerImage(network));
        Assert.Equal(3 * expected, FlopCounter.TrainingFlopsPerImage(network));
    }

    [Fact]
    public void Percentiles_are_taken_by_nearest_rank()
    {
        double[] samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
        Assert.Equal(5, LatencyPercentiles.Of(samples, 0.5));
        Assert.Equal(10, LatencyPercentiles.Of(samples, 0.99));
        Assert.Equal(1, LatencyPercentiles.Of(samples, 0.01));
    }
}
