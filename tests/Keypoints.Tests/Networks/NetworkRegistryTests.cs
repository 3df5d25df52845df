using KeypointGrains.Keypoints.Networks;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Tests.Networks;

public class NetworkRegistryTests
{
    [Theory]
    [InlineData("mlp", 30, 9216 * 100 + 100 + 100 * 30 + 30)]
    [InlineData("cnn-small", 30, 7_801_002)]
    [InlineData("cnn-large", 30, 16_561_502)]
    [InlineData("cnn-large", 8, 16_561_502 - 22 * 1001)]
    [InlineData("cnn-large", 2, 16_561_502 - 28 * 1001)]
    public void Parameter_counts_match_the_seed(string name, int outputs, long expected) =>
        Assert.Equal(expected, NetworkRegistry.ParameterCount(name, outputs));

    [Theory]
    [InlineData("mlp", 30)]
    [InlineData("cnn-small", 4)]
    [InlineData("cnn-large", 8)]
    public void Each_network_maps_a_batch_of_faces_to_its_outputs(string name, int outputs)
    {
        using var network = NetworkRegistry.Create(name, outputs);
        using var faces = rand(3, 1, 96, 96);
        using var output = network.forward(faces);
        Assert.Equal([3L, outputs], output.shape);
    }

    [Fact]
    public void Biases_start_at_zero_as_in_Lasagne()
    {
        using var network = NetworkRegistry.Create("cnn-small", 30);
        foreach (var (name, parameter) in network.named_parameters().Where(p => p.name.EndsWith("bias")))
            Assert.Equal(0.0, parameter.abs().max().item<float>());
    }

    [Fact]
    public void An_unknown_name_is_refused_with_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => NetworkRegistry.Create("resnet", 30));
        Assert.Contains("cnn-large", error.Message);
    }
}
