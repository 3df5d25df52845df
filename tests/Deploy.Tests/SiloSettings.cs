using System.Text.RegularExpressions;

namespace KeypointGrains.Deploy.Tests;

/// <summary>
/// The agreed silo configuration keys as environment variables (KG_ prefix, __ between sections). Deployment files
/// must spell them exactly so; a typo would silently fall back to the Silo's defaults.
/// </summary>
public static class SiloSettings
{
    public const string Clustering = "KG_Cluster__Clustering";
    public const string StorageKind = "KG_Storage__Kind";
    public const string StorageConnectionString = "KG_Storage__ConnectionString";
    public const string Device = "KG_Device";
    public const string SiloPort = "KG_Silo__SiloPort";
    public const string GatewayPort = "KG_Silo__GatewayPort";
    public const string WebUrls = "KG_Web__Urls";
    public const string DashboardEnabled = "KG_Dashboard__Enabled";
    public const string DashboardUsername = "KG_Dashboard__Username";
    public const string DashboardPassword = "KG_Dashboard__Password";
    public const string TelemetryExporterPrefix = "KG_Telemetry__Exporters__";
    public const string OtlpEndpoint = "KG_Telemetry__OtlpEndpoint";

    public const string AzureStorage = "AzureStorage";

    /// <summary>Host and port of the one URL in Web:Urls (each deployment gives exactly one).</summary>
    public static (string Host, int Port) WebEndpoint(string urls)
    {
        var match = Regex.Match(urls.Trim(), @"^https?://(?<host>\[[^\]]+\]|[^:/;]+):(?<port>\d+)/?$");
        if (!match.Success) throw new FormatException($"Web:Urls '{urls}' is not a single http://host:port URL.");
        return (match.Groups["host"].Value, int.Parse(match.Groups["port"].Value));
    }

    public static bool IsLoopback(string host) => host is "localhost" or "127.0.0.1" or "[::1]";
}
