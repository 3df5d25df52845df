namespace KeypointGrains.Grains.Placement;

public sealed class TrainingPlacementOptions
{
    /// <summary>
    /// Whether training may go to a CPU-only silo when no silo advertises an accelerator (the single-machine default).
    /// </summary>
    public bool AllowCpu { get; set; } = true;
}
