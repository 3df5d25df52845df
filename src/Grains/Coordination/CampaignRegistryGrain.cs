using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Grains.Storage;

namespace KeypointGrains.Grains.Coordination;

public sealed class CampaignRegistryGrain(
    [PersistentState("campaigns", KeypointStorage.Name)] IPersistentState<CampaignRegistryState> state)
    : Grain, ICampaignRegistryGrain
{
    public async Task Register(string campaignId)
    {
        if (state.State.Campaigns.Contains(campaignId)) return;
        state.State.Campaigns.Add(campaignId);
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> GetCampaigns() => Task.FromResult<IReadOnlyList<string>>(state.State.Campaigns.ToArray());
}
