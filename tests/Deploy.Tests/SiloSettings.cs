using System.Text.RegularExpressions;
using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.ClusterClient.Telemetry;
using KeypointGrains.Silo.Web;

namespace KeypointGrains.Deploy.Tests;

/// <summary>
/// The silo's configuration keys as environment variables (KG_ prefix, __ between sections), read from the code that
/// binds them: deployment files must spell them exactly so, and a rename in the code fails these tests.
/// </summary>
public static class SiloSettings
{
    public static readonly string Clustering = Key(nameof(ClusterSettings.Cluster), nameof(ClusteringSettings.Clustering));
    public static readonly string StorageKind = Key(nameof(ClusterSettings.Storage), nameof(StorageSettings.Kind));
    public static readonly string StorageConnectionString = Key(nameof(ClusterSettings.Storage), nameof(StorageSettings.ConnectionString));
    public static readonly string Device = Key(nameof(ClusterSettings.Device));
    public static readonly string SiloPort = Key(nameof(ClusterSettings.Silo), nameof(KeypointGrains.ClusterClient.Connection.SiloSettings.SiloPort));
    public static readonly string GatewayPort = Key(nameof(ClusterSettings.Silo), nameof(KeypointGrains.ClusterClient.Connection.SiloSettings.GatewayPort));
    public static readonly string WebUrls = Variable(WebAccess.UrlsKey);
    public static readonly string GrpcUrls = Variable(WebAccess.GrpcUrlsKey);
    public static readonly string FrontDoorPrefix = Key(nameof(ClusterSettings.FrontDoor)) + "__";
    public static readonly string DashboardEnabled = Variable(SiloWebHost.DashboardEnabledKey);
    public static readonly string DashboardUsername = Variable(WebAccess.UsernameKey);
    public static readonly string DashboardPassword = Variable(WebAccess.PasswordKey);
    public static readonly string TelemetryExporterPrefix = Key(nameof(ClusterSettings.Telemetry), nameof(TelemetrySettings.Exporters)) + "__";
    public static readonly string OtlpEndpoint = Key(nameof(ClusterSettings.Telemetry), nameof(TelemetrySettings.OtlpEndpoint));

    public const string AzureStorage = "AzureStorage";

    /// <summary>Host and port of the one URL in Web:Urls (each deployment gives exactly one).</summary>
    public static (string Host, int Port) WebEndpoint(string urls)
    {
        var match = Regex.Match(urls.Trim(), @"^https?://(?<host>\[[^\]]+\]|[^:/;]+):(?<port>\d+)/?$");
        if (!match.Success) throw new FormatException($"Web:Urls '{urls}' is not a single http://host:port URL.");
        return (match.Groups["host"].Value, int.Parse(match.Groups["port"].Value));
    }

    public static bool IsLoopback(string host) => host is "localhost" or "127.0.0.1" or "[::1]";

    private static string Key(params string[] path) => ClusterConfiguration.EnvironmentPrefix + string.Join("__", path);

    private static string Variable(string configurationKey) => Key(configurationKey.Split(':'));
}
