namespace KeypointGrains.Grains.Coordination;

[GenerateSerializer, Alias("kg.CampaignRegistryState")]
public sealed class CampaignRegistryState
{
    [Id(0)] public List<string> Campaigns { get; set; } = [];
    [Id(1)] public HashSet<string> Unfinished { get; set; } = [];
}
