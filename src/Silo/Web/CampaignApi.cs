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
        // drawn. When nothing moved since, the (possibly long) histories are not read at all. Bad input is a 400 that
        // says what is wrong, never an error from deeper down.
        endpoints.MapGet("/api/campaigns/{id}", async (string id, string? after, string? known, IGrainFactory grains) =>
        {
            var (from, badAfter) = Count("after", after);
            var (drawn, badKnown) = Count("known", known);
            if ((CampaignIds.Problem(id) ?? badAfter ?? badKnown) is { } problem) return Results.BadRequest(new { error = problem });

            var coordinator = grains.GetGrain<ICampaignCoordinatorGrain>(id);
            var status = await coordinator.GetStatus();
            if (status.IsUnknown)
                return Results.NotFound(new { error = $"No campaign '{id}' has been started." });
            bool moved = drawn is null || status.Models.Sum(m => m.Epoch) != drawn;
            var histories = moved ? await coordinator.GetHistory(from ?? 0) : null;
            return Results.Ok(CampaignView.Of(status, histories, from ?? 0));
        });
        return endpoints;
    }

    /// <summary>An optional query parameter that counts epochs: absent, or a whole number from 0 up.</summary>
    private static (int? Value, string? Error) Count(string name, string? text) =>
        text is null ? (null, null)
        : int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value)
            ? (value, null)
            : (null, $"'{name}' is a whole number of epochs from 0 up, not '{(text.Length > 20 ? text[..20] + "…" : text)}'.");
}
