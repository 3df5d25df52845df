using TorchSharp.Modules;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>One convolution step of an <see cref="IFusableNetwork"/>: convolution, batch norm if any, 2x2 max-pool if asked, ReLU.</summary>
public sealed record ConvStage(Conv2d Conv, BatchNorm2d? Norm, bool Pool);
