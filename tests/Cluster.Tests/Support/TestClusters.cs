using KeypointGrains.Hosting;
using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.Grains.Placement;
using Orleans.TestingHost;

namespace KeypointGrains.Cluster.Tests.Support;

/// <summary>In-process Orleans test clusters whose silos advertise the devices a test gives them.</summary>
public static class TestClusters
{
    public static Task<InProcessTestCluster> StartAsync(ClusterSettings settings, params SiloDevice[] devices) =>
        StartAsync(settings, serviceId: null, devices);

    /// <summary>A cluster of one silo per device; clusters with the same <paramref name="serviceId"/> share grain state.</summary>
    public static Task<InProcessTestCluster> StartAsync(ClusterSettings settings, string? serviceId, params SiloDevice[] devices) =>
        StartAsync(settings, serviceId, _ => { }, devices);

    /// <summary>As above, with <paramref name="configure"/> applied to every silo after the project's services.</summary>
    public static async Task<InProcessTestCluster> StartAsync(ClusterSettings settings, string? serviceId, Action<ISiloBuilder> configure,
        params SiloDevice[] devices)
    {
        var builder = new InProcessTestClusterBuilder((short)devices.Length);
        if (serviceId is not null) builder.Options.ServiceId = serviceId;
        builder.ConfigureSilo((silo, siloBuilder) =>
            configure(siloBuilder.AddKeypointServices(settings, devices[int.Parse(silo.SiloName["Silo_".Length..])])));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public static ClusterSettings AzureSettings(string connectionString, double watchdogSeconds = 2) => new()
    {
        Storage = new StorageSettings { Kind = "AzureStorage", ConnectionString = connectionString },
        Training = new TrainingPlacementSettings { WatchdogSeconds = watchdogSeconds },
    };

    public static ClusterSettings LocalSettings(string directory, bool allowCpu = true, double watchdogSeconds = 10) => new()
    {
        Storage = new StorageSettings { Kind = "directory", Directory = directory },
        Training = new TrainingPlacementSettings { AllowCpu = allowCpu, WatchdogSeconds = watchdogSeconds },
    };
}
