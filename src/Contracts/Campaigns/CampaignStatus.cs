namespace KeypointGrains.Contracts.Campaigns;

/// <summary>A campaign at one moment: every model's progress and the newest ensemble manifest version (0 = none yet).</summary>
[GenerateSerializer, Immutable, Alias("kg.CampaignStatus")]
public sealed record CampaignStatus(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] CampaignPhase Phase,
    [property: Id(2)] IReadOnlyList<ModelStatus> Models,
    [property: Id(3)] int ManifestVersion)
{
    /// <summary>No plan was ever started under this id: the coordinator of any id answers, with an empty status.</summary>
    public bool IsUnknown => Phase == CampaignPhase.NotStarted && Models.Count == 0;

    public ModelStatus Model(string name) =>
        Models.FirstOrDefault(m => m.Model == name)
        ?? throw new ArgumentException($"Campaign '{CampaignId}' has no model '{name}'.", nameof(name));
}
