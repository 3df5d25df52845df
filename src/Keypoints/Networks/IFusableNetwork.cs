using TorchSharp.Modules;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>
/// A network that <see cref="FusedNetwork"/> can stack with others of its kind, described as it predicts (dropout is the
/// identity then): its <see cref="Stages"/> in order (convolution stages, residual blocks), then the flattened map
/// through <see cref="DenseLayers"/> (each followed by its <see cref="DenseNorms"/> entry where there is one) with
/// ReLU between them and none after the last. Networks that do not fit this shape do not implement it and are served
/// by passes of their own.
/// </summary>
public interface IFusableNetwork
{
    IReadOnlyList<FusableStage> Stages { get; }

    IReadOnlyList<Linear> DenseLayers { get; }

    /// <summary>A layer norm after each dense layer, before its ReLU; null where a layer has none.</summary>
    IReadOnlyList<LayerNorm?> DenseNorms => [.. DenseLayers.Select(_ => (LayerNorm?)null)];
}
