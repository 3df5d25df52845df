using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>
/// One step of an <see cref="IFusableNetwork"/>'s feature maps, as it predicts: what it computes (its layers) and how
/// <see cref="FusedNetwork"/> runs the same step of K networks as one.
/// </summary>
public abstract record FusableStage
{
    /// <summary>For an input map of <paramref name="side"/>: the values of one image's largest map in this step, and the side it puts out.</summary>
    internal abstract (long WidestValues, long Side) Shape(long side);

    /// <summary>
    /// This step of K networks (this one among them, all of one kind and shape) as one module over [N, K·C, H, W], network
    /// k's channels the k-th block; with <paramref name="sharedInput"/> every network reads the same [N, C, H, W].
    /// </summary>
    internal abstract nn.Module<Tensor, Tensor> Fuse(IReadOnlyList<FusableStage> stages, bool sharedInput);

    /// <summary>The side of <paramref name="conv"/>'s output for an input of <paramref name="side"/>.</summary>
    protected static long OutputSide(Conv2d conv, long side) =>
        (side + 2 * conv.padding![0] - conv.weight!.shape[2]) / conv.stride![0] + 1;

    protected static T[] AllOfKind<T>(IReadOnlyList<FusableStage> stages) where T : FusableStage =>
        stages.Select(s => s as T ?? throw new ArgumentException($"Only {typeof(T).Name}s can be fused with a {typeof(T).Name}.", nameof(stages)))
            .ToArray();
}
