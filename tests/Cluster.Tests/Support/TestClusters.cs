using KeypointGrains.Cluster.Hosting;
using KeypointGrains.Grains.Placement;
using Orleans.TestingHost;

namespace KeypointGrains.Cluster.Tests.Support;

/// <summary>In-process Orleans test clusters whose silos advertise the devices a test gives them.</summary>
public static class TestClusters
{
    public static async Task<InProcessTestCluster> StartAsync(ClusterSettings settings, params SiloDevice[] devices)
    {
        var builder = new InProcessTestClusterBuilder((short)devices.Length);
        builder.ConfigureSilo((silo, siloBuilder) =>
            siloBuilder.AddKeypointServices(settings, devices[int.Parse(silo.SiloName["Silo_".Length..])]));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public static ClusterSettings LocalSettings(string directory, bool allowCpu = true, double watchdogSeconds = 10) => new()
    {
        Storage = new StorageSettings { Kind = "local", Directory = directory },
        Training = new TrainingPlacementSettings { AllowCpu = allowCpu, WatchdogSeconds = watchdogSeconds },
    };
}
