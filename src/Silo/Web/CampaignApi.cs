using KeypointGrains.Contracts.Campaigns;

namespace KeypointGrains.Silo.Web;

/// <summary>The JSON the training page polls, read from the campaigns' coordinator grains.</summary>
public static class CampaignApi
{
    public static IEndpointRouteBuilder MapCampaignApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/campaigns", async (IGrainFactory grains) =>
        {
            var ids = await grains.GetGrain<ICampaignRegistryGrain>(ICampaignRegistryGrain.Key).GetCampaigns();
            var statuses = await Task.WhenAll(ids.Select(id => grains.GetGrain<ICampaignCoordinatorGrain>(id).GetStatus()));
            return Results.Ok(statuses.Select(s => new { id = s.CampaignId, phase = CampaignView.Kebab(s.Phase.ToString()),
                ensembleVersion = s.ManifestVersion }));
        });

        // after: the page has every model's points up to this epoch; known: the sum of the models' last epochs it has
        // drawn. When nothing moved since, the (possibly long) histories are not read at all.
        endpoints.MapGet("/api/campaigns/{id}", async (string id, int? after, int? known, IGrainFactory grains) =>
        {
            var coordinator = grains.GetGrain<ICampaignCoordinatorGrain>(id);
            var status = await coordinator.GetStatus();
            if (status.Phase == CampaignPhase.NotStarted && status.Models.Count == 0)
                return Results.NotFound(new { error = $"No campaign '{id}' has been started." });
            bool moved = known is null || status.Models.Sum(m => m.Epoch) != known;
            var histories = moved ? await coordinator.GetHistory(after ?? 0) : null;
            return Results.Ok(CampaignView.Of(status, histories, after ?? 0));
        });
        return endpoints;
    }
}
