using KeypointGrains.Contracts.Inference;

namespace KeypointGrains.ClusterClient.Inference;

/// <summary>What one specialist of the ensemble answered: its prediction, or null when its silo could not serve it.</summary>
public sealed record GroupOutcome(EnsembleMember Member, GroupPrediction? Answer);
