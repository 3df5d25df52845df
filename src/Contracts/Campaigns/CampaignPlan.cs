namespace KeypointGrains.Contracts.Campaigns;

/// <summary>
/// What a campaign trains: its models (baseline + specialists), each with its recipe, on the training file at
/// <see cref="DataPath"/>, which every silo must be able to read at that path. Every model shares one grouped split of
/// the file (<see cref="SplitSeed"/>, <see cref="ValidationFraction"/>), so none trains on a face another is scored on.
/// </summary>
[GenerateSerializer, Immutable, Alias("kg.CampaignPlan")]
public sealed record CampaignPlan(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] string DataPath,
    [property: Id(2)] IReadOnlyList<ModelPlan> Models)
{
    [Id(3)] public int SplitSeed { get; init; } = 42;
    [Id(4)] public double ValidationFraction { get; init; } = 0.2;
    [Id(5)] public CheckpointPolicy Checkpoints { get; init; } = new();

    public ModelPlan Model(string name) =>
        Models.FirstOrDefault(m => m.Name == name)
        ?? throw new ArgumentException($"Campaign '{CampaignId}' has no model '{name}'.", nameof(name));

    public bool Equals(CampaignPlan? other) =>
        other is not null && CampaignId == other.CampaignId && DataPath == other.DataPath && Models.SequenceEqual(other.Models) &&
        SplitSeed == other.SplitSeed && ValidationFraction == other.ValidationFraction && Checkpoints == other.Checkpoints;

    public override int GetHashCode() => HashCode.Combine(CampaignId, DataPath, Models.Count, SplitSeed, ValidationFraction, Checkpoints);
}
