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
    public EnsembleMember? Baseline => Members.FirstOrDefault(m => m.Group == ModelPlan.BaselineName);

    public IEnumerable<EnsembleMember> Specialists => Members.Where(m => m.Group != ModelPlan.BaselineName);

    /// <summary>The members trained on fold <paramref name="fold"/> of a k-fold campaign, as an ensemble of their own.</summary>
    public EnsembleManifest OfFold(int fold) =>
        this with { Members = Members.Where(m => m.Model.EndsWith($"@{fold}", StringComparison.Ordinal)).ToArray() };
}
