namespace KeypointGrains.Grains.Placement;

/// <summary>
/// Place on a silo that advertises an accelerator, the one with the fewest training grains first; any silo only when
/// the cluster allows CPU training.
/// </summary>
[GenerateSerializer, Immutable, Alias("kg.AcceleratorPlacement")]
public sealed class AcceleratorPlacement : PlacementStrategy
{
    public static AcceleratorPlacement Singleton { get; } = new();
}
