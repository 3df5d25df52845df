namespace KeypointGrains.Contracts.Campaigns;

/// <summary>
/// What a campaign trains: its models (baseline + specialists) on the training file at <see cref="DataPath"/>, which
/// every silo must be able to read at that path.
/// </summary>
[GenerateSerializer, Immutable, Alias("kg.CampaignPlan")]
public sealed record CampaignPlan(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] string DataPath,
    [property: Id(2)] IReadOnlyList<ModelPlan> Models,
    [property: Id(3)] TrainingSettings Training)
{
    public ModelPlan Model(string name) =>
        Models.FirstOrDefault(m => m.Name == name)
        ?? throw new ArgumentException($"Campaign '{CampaignId}' has no model '{name}'.", nameof(name));
}
