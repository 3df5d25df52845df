using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>
/// K trained networks of one kind as one network, for prediction: each step's convolutions stacked along their
/// channels (grouped after the first; <see cref="FusableStage"/>), dense layers as batched matrix products. One pass
/// launches each layer's kernel once for all K and reads each face once, where K passes would do both K times.
/// Output [K, N, widest output]: network k's own outputs first. The sources' weights are copied; they can be disposed
/// afterwards.
/// </summary>
public sealed class FusedNetwork : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> stages = new();
    private readonly ModuleList<StackedLinear> dense = new();
    private readonly int networks;

    public FusedNetwork(IReadOnlyList<IFusableNetwork> sources) : base(nameof(FusedNetwork))
    {
        if (sources.Count == 0) throw new ArgumentException("Nothing to fuse.", nameof(sources));
        int steps = sources[0].Stages.Count, layers = sources[0].DenseLayers.Count;
        if (sources.Any(s => s.Stages.Count != steps || s.DenseLayers.Count != layers))
            throw new ArgumentException("Only networks with the same layers can be fused.", nameof(sources));
        networks = sources.Count;
        for (int i = 0; i < steps; i++)
            stages.Add(sources[0].Stages[i].Fuse(sources.Select(s => s.Stages[i]).ToArray(), sharedInput: i == 0));
        for (int i = 0; i < layers; i++)
            dense.Add(new StackedLinear(sources.Select(s => s.DenseLayers[i]).ToArray(), sources.Select(s => s.DenseNorms[i]).ToArray()));
        RegisterComponents();
        eval();
    }

    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = images;
        foreach (var stage in stages) x = stage.call(x);
        // [N, K·C, H, W] → [K, N, C·H·W]: network k's channels are the k-th block, flattened in its own order.
        x = stages.Count == 0 ? images.flatten(1).unsqueeze(0) : x.view(x.shape[0], networks, -1).transpose(0, 1);
        for (int i = 0; i < dense.Count; i++)
        {
            x = dense[i].call(x);
            if (i < dense.Count - 1) x = x.relu_();
        }
        return x.MoveToOuterDisposeScope();
    }
}
