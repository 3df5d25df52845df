using KeypointGrains.Keypoints.Networks;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Reporting;

namespace KeypointGrains.Keypoints.Tests.Reporting;

public sealed class FirstLayerProbeTests
{
    [Fact]
    public void CapturesTheFirstConvolutionAndItsReluMapsOnTheFace()
    {
        using var network = NetworkRegistry.Create("cnn-small", KeypointSchema.ColumnCount);
        var face = SyntheticStudy.Face(5);

        var snapshot = FirstLayerProbe.Capture(network, face);

        Assert.Equal(("conv1", 32, 3, 3, 94, 94), (snapshot.Layer, snapshot.Count, snapshot.KernelHeight, snapshot.KernelWidth, snapshot.MapHeight, snapshot.MapWidth));
        Assert.Equal(32 * 3 * 3, snapshot.Filters.Length);
        Assert.Equal(32 * 94 * 94, snapshot.Maps.Length);
        var bias = network.named_parameters().Single(p => p.name == "conv1.bias").parameter.data<float>().ToArray();
        // Map f at (row r, column c) = ReLU(bias f + Σ weight f · the 3x3 patch of the face at (r, c)).
        foreach (var (f, r, c) in new[] { (0, 0, 0), (7, 40, 13), (31, 93, 93), (12, 50, 60) })
        {
            double sum = bias[f];
            for (int dy = 0; dy < 3; dy++)
                for (int dx = 0; dx < 3; dx++)
                    sum += snapshot.Filters[(f * 3 + dy) * 3 + dx] * face[(r + dy) * KeypointSchema.ImageSize + c + dx];
            Assert.Equal(Math.Max(0, sum), snapshot.Maps[(f * 94 + r) * 94 + c], 4);
        }
        Assert.Contains(snapshot.Maps, v => v > 0);
        Assert.DoesNotContain(snapshot.Maps, v => v < 0);
    }

    [Fact]
    public void ANetworkWithoutConvolutionIsRefusedByName()
    {
        using var network = NetworkRegistry.Create("mlp", KeypointSchema.ColumnCount);
        var error = Assert.Throws<ArgumentException>(() => FirstLayerProbe.Capture(network, SyntheticStudy.Face(1)));
        Assert.Contains("Mlp", error.Message);
        Assert.Contains("Conv2d", error.Message);
    }
}
