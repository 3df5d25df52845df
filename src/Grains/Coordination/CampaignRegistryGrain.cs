using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Grains.Storage;

namespace KeypointGrains.Grains.Coordination;

public sealed class CampaignRegistryGrain(
    [PersistentState("campaigns", KeypointStorage.Name)] IPersistentState<CampaignRegistryState> state)
    : Grain, ICampaignRegistryGrain
{
    private CampaignRegistryState State => state.State;

    public async Task Register(string campaignId)
    {
        if (State.Campaigns.Contains(campaignId) && State.Unfinished.Contains(campaignId)) return;
        if (!State.Campaigns.Contains(campaignId)) State.Campaigns.Add(campaignId);
        State.Unfinished.Add(campaignId);
        await state.WriteStateAsync();
    }

    public async Task Completed(string campaignId)
    {
        if (State.Unfinished.Remove(campaignId)) await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> GetCampaigns() => Task.FromResult<IReadOnlyList<string>>(State.Campaigns.ToArray());

    public Task<IReadOnlyList<string>> GetUnfinished() =>
        Task.FromResult<IReadOnlyList<string>>(State.Campaigns.Where(State.Unfinished.Contains).ToArray());
}
