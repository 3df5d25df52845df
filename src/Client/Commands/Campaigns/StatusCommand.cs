using KeypointGrains.Client.Configuration;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

/// <summary>kg status [CAMPAIGN]: every model of a campaign as the coordinator sees it now.</summary>
public sealed class StatusCommand : AsyncCommand<StatusSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, StatusSettings settings, CancellationToken cancellation)
    {
        var config = KgConfiguration.Load(settings.ConfigFile);
        var campaignId = ClusterAccess.CampaignOrLast(settings.Campaign);
        await using var cluster = await ClusterAccess.OpenAsync(config, config.Resolve(settings.Cluster, "status", "cluster", false), settings.Device, cancellation);
        var campaigns = cluster.Campaigns();
        var status = await campaigns.GetStatus(campaignId);
        if (status.IsUnknown) throw new InvalidOperationException($"No campaign '{campaignId}' has been started on this cluster.");
        CampaignPrinter.Print(status, await campaigns.GetPlan(campaignId));
        return 0;
    }
}
