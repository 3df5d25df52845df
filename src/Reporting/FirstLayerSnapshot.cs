namespace KeypointGrains.Reporting;

/// <summary>
/// A network's first convolution: its <see cref="Count"/> filters (Count × KernelHeight × KernelWidth weights, one
/// input channel) and what each one makes of <see cref="Face"/> after ReLU (Count × MapHeight × MapWidth).
/// </summary>
public sealed record FirstLayerSnapshot(
    string Model,
    string Layer,
    float[] Filters,
    int Count,
    int KernelHeight,
    int KernelWidth,
    float[] Face,
    float[] Maps,
    int MapHeight,
    int MapWidth);
