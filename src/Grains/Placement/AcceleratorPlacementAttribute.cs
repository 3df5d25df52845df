using Orleans.Placement;

namespace KeypointGrains.Grains.Placement;

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class AcceleratorPlacementAttribute() : PlacementAttribute(AcceleratorPlacement.Singleton);
