using KeypointGrains.Contracts.Training;

namespace KeypointGrains.Contracts.Inference;

/// <summary>One model that serves in an ensemble: which columns it answers for and where its weights are.</summary>
[GenerateSerializer, Immutable, Alias("kg.EnsembleMember")]
public sealed record EnsembleMember(
    [property: Id(0)] string Model,
    [property: Id(1)] string Network,
    [property: Id(2)] IReadOnlyList<int> Columns,
    [property: Id(3)] CheckpointReference Checkpoint,
    [property: Id(4)] double ValidationLoss)
{
    /// <summary>The keypoint group it answers for (its fold copies share it).</summary>
    public string Group => Campaigns.ModelPlan.GroupOf(Model);
}
