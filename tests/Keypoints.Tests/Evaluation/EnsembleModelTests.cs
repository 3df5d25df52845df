using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Networks;
using KeypointGrains.Keypoints.Schema;
using TorchSharp;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Tests.Evaluation;

public class EnsembleModelTests
{
    private const int Faces = 3;

    /// <summary>
    /// One output computed two ways (one pass per model, or fused): float sums in another order, so equal within float
    /// precision of the value, not exactly (untrained networks give outputs in the tens).
    /// </summary>
    private static bool SameOutput(float a, float b) => Math.Abs(a - b) <= 1e-4 + 1e-5 * Math.Abs(a);

    private static float[] RandomFaces(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count * KeypointSchema.PixelCount).Select(_ => random.NextSingle()).ToArray();
    }

    /// <summary>A network with every weight, bias and batch-norm statistic drawn at random, so a misplaced one shows.</summary>
    private static nn.Module<Tensor, Tensor> Randomised(string name, int outputs, int seed)
    {
        manual_seed(seed);
        var network = NetworkRegistry.Create(name, outputs);
        using var _ = no_grad();
        foreach (var (parameterName, parameter) in network.named_parameters())
            if (parameterName.EndsWith("bias")) parameter.uniform_(-0.1, 0.1);
        foreach (var (bufferName, buffer) in network.named_buffers())
        {
            if (bufferName.EndsWith("running_mean")) buffer.uniform_(-0.1, 0.1);
            if (bufferName.EndsWith("running_var")) buffer.uniform_(0.5, 1.5);
        }
        return network;
    }

    /// <summary>Three specialists of different widths, the second without flip averaging.</summary>
    private static TrainedModel[] Specialists(string network) =>
        new[] { "eye-centers", "nose-tip", "mouth-corners-top-lip" }.Select((group, i) =>
        {
            var columns = KeypointSchema.Specialist(group).Columns;
            var model = TrainedModel.FromNetwork(network, columns, Randomised(network, columns.Count, seed: i + 1), CPU);
            model.FlipAveraging = i != 1;
            return model;
        }).ToArray();

    /// <summary>Every network of the registry that has a fusion plan: a new one is tested as soon as it is registered.</summary>
    private static string[] FusableNames() => NetworkRegistry.Names.Where(name =>
    {
        using var network = NetworkRegistry.Create(name, 2);
        return network is IFusableNetwork;
    }).ToArray();

    public static TheoryData<string> FusableNetworks() => new(FusableNames());

    [Fact]
    public void The_fusable_networks_include_the_convolutional_and_residual_ones() =>
        Assert.Superset(new HashSet<string> { "mlp", "cnn-small", "cnn-large", "cnn-bn", "cnn-res", "cnn-res16" }, FusableNames().ToHashSet());

    [Theory]
    [MemberData(nameof(FusableNetworks))]
    public void A_fused_pass_predicts_what_each_model_predicts_alone(string network)
    {
        var members = Specialists(network);
        var faces = RandomFaces(Faces, seed: 7);
        var alone = members.Select(m => m.Predict(faces, Faces)).ToArray();

        using var ensemble = EnsembleModel.Create(members);
        var together = ensemble.Predict(faces, Faces);

        Assert.Equal(members.Length, ensemble.FusedMembers);
        for (int m = 0; m < alone.Length; m++)
            Assert.Equal(alone[m], together[m], SameOutput);
    }

    [Fact]
    public void Faces_sent_as_bytes_predict_as_their_grey_levels_and_large_requests_go_in_several_passes()
    {
        var members = Specialists("cnn-small");
        var bytes = RandomFaces(5, seed: 3).Select(v => (byte)(v * 255)).ToArray();
        var alone = members.Select(m => m.Predict(GreyLevels.ToUnit(bytes), 5)).ToArray();

        using var ensemble = EnsembleModel.Create(members, facesPerPass: 2);
        var together = ensemble.Predict(bytes, 5);

        for (int m = 0; m < alone.Length; m++)
            Assert.Equal(alone[m], together[m], SameOutput);
    }

    [Fact]
    public void On_the_cpu_fused_passes_stay_within_the_cache_bound_whatever_was_asked()
    {
        var members = Specialists("cnn-bn");
        var faces = RandomFaces(9, seed: 11);
        var alone = members.Select(m => m.Predict(faces, 9)).ToArray();

        using var ensemble = EnsembleModel.Create(members, facesPerPass: 64);
        var together = ensemble.Predict(faces, 9);

        // Three cnn-bn networks, each face with its mirror: 16 images, 8 faces a pass; nine faces take two passes.
        Assert.Equal(8, ensemble.FacesPerPass);
        for (int m = 0; m < alone.Length; m++)
            Assert.Equal(alone[m], together[m], SameOutput);
    }

    [Fact]
    public void Models_that_cannot_be_fused_predict_on_their_own_beside_the_fused_ones()
    {
        var fusable = Specialists("mlp");
        var columns = KeypointSchema.Specialist("eyebrows").Columns;
        // A network without a fusion plan and the mean model.
        var plain = TrainedModel.FromNetwork("plain", columns,
            nn.Sequential(nn.Flatten(), nn.Linear(KeypointSchema.PixelCount, columns.Count)), CPU);
        var mean = TrainedModel.Mean(new FaceSet(new float[KeypointSchema.PixelCount], [.. Enumerable.Range(0, 30).Select(c => (float)c)],
            [1], [.. Enumerable.Range(0, 30)]));
        TrainedModel[] members = [fusable[0], plain, fusable[1], mean, fusable[2]];
        var faces = RandomFaces(2, seed: 5);
        var alone = members.Select(m => m.Predict(faces, 2)).ToArray();

        using var ensemble = EnsembleModel.Create(members);
        var together = ensemble.Predict(faces, 2);

        Assert.Equal(3, ensemble.FusedMembers);
        Assert.Equal(members.Select(m => m.Columns), ensemble.Columns);
        for (int m = 0; m < alone.Length; m++)
            Assert.Equal(alone[m], together[m], SameOutput);
    }

    [Fact]
    public void Half_precision_is_a_cuda_format_the_cpu_computes_in_fp32()
    {
        using var ensemble = EnsembleModel.Create(Specialists("mlp"), precision: "bf16");
        Assert.Equal(ScalarType.Float32, ensemble.Precision);
        Assert.Throws<ArgumentException>(() => InferencePrecision.Parse("fp8"));
    }
}
