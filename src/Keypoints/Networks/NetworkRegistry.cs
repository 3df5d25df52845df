using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>The trainable networks by name. ("mean" is a baseline, not a network: see TrainedModel.Mean.)</summary>
public static class NetworkRegistry
{
    private static readonly Dictionary<string, Func<int, nn.Module<Tensor, Tensor>>> Factories = new()
    {
        ["mlp"] = outputs => new Mlp(outputs),
        ["cnn-small"] = outputs => new CnnSmall(outputs),
        ["cnn-large"] = outputs => new CnnLarge(outputs),
        ["cnn-bn"] = outputs => new ConvNetBn(outputs),
        ["cnn-res"] = outputs => new ResidualNet(outputs, width: 32),
        ["cnn-res16"] = outputs => new ResidualNet(outputs, width: 16),
    };

    public static IReadOnlyList<string> Names { get; } = Factories.Keys.ToArray();

    /// <summary>Every network names its final layer so: a specialist started from a baseline resizes that one.</summary>
    public const string OutputLayer = "output";

    /// <summary>A new network with freshly initialised weights (drawn from torch's global generator).</summary>
    public static nn.Module<Tensor, Tensor> Create(string name, int outputs)
    {
        if (!Factories.TryGetValue(name, out var factory))
            throw new ArgumentException($"Unknown network '{name}'. Known: {string.Join(", ", Names)}.", nameof(name));
        if (outputs < 1)
            throw new ArgumentOutOfRangeException(nameof(outputs), outputs, "A network needs at least one output.");
        return factory(outputs);
    }

    public static long ParameterCount(string name, int outputs)
    {
        using var network = Create(name, outputs);
        return network.parameters().Sum(p => p.numel());
    }
}
