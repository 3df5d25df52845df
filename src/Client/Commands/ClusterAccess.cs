using KeypointGrains.Client.Configuration;
using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.Hosting;
using Spectre.Console;

namespace KeypointGrains.Client.Commands;

/// <summary>
/// How kg reaches the cluster: with --cluster it connects to running silos (gateways from Cluster:GatewayPorts);
/// otherwise it uses the embedded cluster of Storage:Directory (runs/cluster), which keeps state and checkpoints there so
/// that a later kg call finds the same campaigns: a private silo in its own process, or the silo a live kg (or silo
/// host) already runs on that directory, joined as a client.
/// </summary>
public static class ClusterAccess
{
    private const string LastCampaignFile = "runs/last-campaign";

    /// <summary>Connects or hosts; <paramref name="device"/> (the --device flag) is what a hosted silo computes on.</summary>
    public static async Task<ClusterConnection> OpenAsync(KgConfiguration config, bool connect, string? device, CancellationToken cancellation)
    {
        var settings = ClusterSettings.From(config.Settings);
        if (device is not null) settings.Device = device;
        if (connect)
        {
            AnsiConsole.MarkupLineInterpolated($"Connecting to the cluster '{settings.Cluster.ClusterId}' ({settings.Cluster.Clustering})…");
            return await ClusterConnection.ConnectAsync(settings, cancellation);
        }
        return await EmbeddedCluster.OpenAsync(settings, AnsiConsole.WriteLine, cancellation);
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
