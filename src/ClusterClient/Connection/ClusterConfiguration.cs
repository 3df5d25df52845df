using Microsoft.Extensions.Configuration;

namespace KeypointGrains.ClusterClient.Connection;

/// <summary>The configuration sources of every silo and client, in increasing precedence.</summary>
public static class ClusterConfiguration
{
    public const string EnvironmentPrefix = "KG_";

    /// <summary>Short command-line switches for the settings people change most.</summary>
    public static readonly IReadOnlyDictionary<string, string> Switches = new Dictionary<string, string>
    {
        ["--clustering"] = "Cluster:Clustering",
        ["--cluster-id"] = "Cluster:ClusterId",
        ["--silo-port"] = "Silo:SiloPort",
        ["--gateway-port"] = "Silo:GatewayPort",
        ["--primary-port"] = "Silo:PrimarySiloPort",
        ["--storage"] = "Storage:Kind",
        ["--storage-dir"] = "Storage:Directory",
        ["--connection-string"] = "Storage:ConnectionString",
        ["--device"] = "Device",
        ["--allow-cpu"] = "Training:AllowCpu",
    };

    public static IConfigurationBuilder AddClusterSources(this IConfigurationBuilder builder, string[] args) =>
        builder
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddCommandLine(args, Switches.ToDictionary());
}
