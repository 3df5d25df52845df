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
    // Convolutions 391,824 (no biases), batch-norm scales and shifts 992, dense 9216·384 (no bias: its layer norm
    // shifts) and the layer norm's 2·384, outputs 385 each.
    [InlineData("cnn-bn", 30, 391_824 + 992 + 3_538_944 + 768 + 30 * 385)]
    [InlineData("cnn-bn", 4, 391_824 + 992 + 3_538_944 + 768 + 4 * 385)]
    // Stem 9·32 + 64; per stage of c channels from c_in: 9·c_in·c + 9·c² + c_in·c (strided shortcut) + 9·c² + 9·c²
    // and 5 batch norms of 2·c; dense 6·6·256·256 (no bias) + layer norm 512; outputs 257 each.
    [InlineData("cnn-res", 30, 352 + 38_208 + 131_712 + 525_568 + 2_099_712 + 2_359_808 + 30 * 257)]
    [InlineData("cnn-res", 8, 352 + 38_208 + 131_712 + 525_568 + 2_099_712 + 2_359_808 + 8 * 257)]
    [InlineData("cnn-res16", 30, 176 + 9_632 + 33_088 + 131_712 + 525_568 + 1_179_648 + 512 + 30 * 257)]
    public void Parameter_counts_match_the_design(string name, int outputs, long expected) =>
        Assert.Equal(expected, NetworkRegistry.ParameterCount(name, outputs));

    [Theory]
    [InlineData("mlp", 30)]
    [InlineData("cnn-small", 4)]
    [InlineData("cnn-large", 8)]
    [InlineData("cnn-bn", 30)]
    [InlineData("cnn-bn", 2)]
    [InlineData("cnn-res", 30)]
    [InlineData("cnn-res16", 2)]
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
    public void Batch_norm_starts_as_the_identity_and_every_network_names_its_last_layer_output()
    {
        using var network = NetworkRegistry.Create("cnn-bn", 30);
        var norms = network.named_parameters().Where(p => p.name.StartsWith("norms.") && p.name.EndsWith(".weight")).ToArray();
        Assert.Equal(5, norms.Length);
        Assert.All(norms, p => Assert.Equal(1f, p.parameter.min().item<float>()));
        foreach (var name in NetworkRegistry.Names)
        {
            using var any = NetworkRegistry.Create(name, 7);
            var output = any.named_parameters().Where(p => p.name.StartsWith(NetworkRegistry.OutputLayer + ".")).ToArray();
            Assert.Equal([7L, 7L], output.Select(p => p.parameter.shape[0]));
        }
    }

    [Fact]
    public void An_unknown_name_is_refused_with_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => NetworkRegistry.Create("resnet", 30));
        Assert.Contains("cnn-large", error.Message);
    }
}
