using KeypointGrains.Contracts.Campaigns;

namespace KeypointGrains.Contracts.Inference;

/// <summary>
/// Version <see cref="Version"/> of a campaign's ensemble: which checkpoint serves which keypoints. The coordinator
/// makes a new version whenever a model finishes; the baseline (if finished) fills groups that are missing or fail.
/// </summary>
[GenerateSerializer, Immutable, Alias("kg.EnsembleManifest")]
public sealed record EnsembleManifest(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] int Version,
    [property: Id(2)] IReadOnlyList<EnsembleMember> Members)
{
    public EnsembleMember? Baseline => Members.FirstOrDefault(m => m.Model == ModelPlan.BaselineName);

    public IEnumerable<EnsembleMember> Specialists => Members.Where(m => m.Model != ModelPlan.BaselineName);
}
