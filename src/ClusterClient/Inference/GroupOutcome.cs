using KeypointGrains.Contracts.Inference;

namespace KeypointGrains.ClusterClient.Inference;

/// <summary>What one specialist of the ensemble answered: its prediction, or null when it failed or timed out.</summary>
public sealed record GroupOutcome(EnsembleMember Member, GroupPrediction? Answer);
