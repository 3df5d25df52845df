using KeypointGrains.Grains.Threading;

namespace KeypointGrains.Grains.Inference;

/// <summary>The silo's forward passes, one at a time: six passes at once would only contend for the same cores.</summary>
public sealed class InferenceThread() : WorkThread("inference");
