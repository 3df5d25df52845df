using KeypointGrains.Client.Configuration;
using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.Hosting;
using Spectre.Console;

namespace KeypointGrains.Client.Commands;

/// <summary>
/// How kg reaches the cluster: with --cluster it connects to running silos (gateways from Cluster:GatewayPorts);
/// otherwise it hosts a silo in its own process (the embedded default), which keeps state and checkpoints under
/// Storage:Directory (runs/cluster), so a later kg call finds the same campaigns.
/// </summary>
public static class ClusterAccess
{
    private const string LastCampaignFile = "runs/last-campaign";

    /// <summary>
    /// Connects or hosts; <paramref name="device"/> (the --device flag) is what a hosted silo computes on, and
    /// <paramref name="hosted"/> may change a hosted silo's other settings.
    /// </summary>
    public static async Task<ClusterConnection> OpenAsync(KgConfiguration config, bool connect, string? device, CancellationToken cancellation,
        Action<ClusterSettings>? hosted = null)
    {
        var settings = ClusterSettings.From(config.Settings);
        if (device is not null) settings.Device = device;
        hosted?.Invoke(settings);
        if (connect)
        {
            AnsiConsole.MarkupLineInterpolated($"Connecting to the cluster '{settings.Cluster.ClusterId}' ({settings.Cluster.Clustering})…");
            return await ClusterConnection.ConnectAsync(settings, cancellation);
        }
        AnsiConsole.MarkupLineInterpolated($"Hosting a silo in this process (state in {Path.GetFullPath(settings.Storage.Directory)})…");
        return await EmbeddedCluster.StartAsync(settings, cancellation);
    }

    public static void RememberCampaign(string campaignId)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LastCampaignFile)!);
        File.WriteAllText(LastCampaignFile, campaignId);
    }

    /// <summary>The campaign named, else the last one started from this folder.</summary>
    public static string CampaignOrLast(string? campaignId) =>
        campaignId
        ?? (File.Exists(LastCampaignFile) ? File.ReadAllText(LastCampaignFile).Trim() : null)
        ?? throw new UsageException("Name a campaign (--campaign ID); none was started from this folder yet.");
}
