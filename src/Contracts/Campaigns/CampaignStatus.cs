namespace KeypointGrains.Contracts.Campaigns;

/// <summary>A campaign at one moment: every model's progress and the newest ensemble manifest version (0 = none yet).</summary>
[GenerateSerializer, Immutable, Alias("kg.CampaignStatus")]
public sealed record CampaignStatus(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] CampaignPhase Phase,
    [property: Id(2)] IReadOnlyList<ModelStatus> Models,
    [property: Id(3)] int ManifestVersion)
{
    public ModelStatus Model(string name) =>
        Models.FirstOrDefault(m => m.Model == name)
        ?? throw new ArgumentException($"Campaign '{CampaignId}' has no model '{name}'.", nameof(name));
}
