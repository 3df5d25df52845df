using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.ClusterClient.Connection;

namespace KeypointGrains.Cluster.Tests.Isolation;

/// <summary>A storage directory has one writer: a second silo on a directory another live silo hosts does not start.</summary>
public class StorageSharingTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_second_silo_on_a_directory_a_live_silo_hosts_does_not_start_and_names_that_silo()
    {
        using var folder = new TemporaryFolder();
        int port = FreePort.Next();
        using var host = await SiloProcess.StartAsync(Silo(folder.Path, $"first-{Guid.NewGuid():N}", port, port), Limit);
        var hosted = HostedSilo.Find(folder.Path);
        Assert.NotNull(hosted);

        int other = FreePort.Next();
        var (exitCode, errors) = await SiloProcess.RefusalAsync(Silo(folder.Path, $"second-{Guid.NewGuid():N}", other, other), Limit);

        Assert.Equal(1, exitCode);
        Assert.Equal($"silo: storage {folder.Path} is in use by another silo ({hosted}); " +
                     "give this silo a directory of its own (Storage:Directory, --storage-dir)", Assert.Single(errors));
        Assert.Equal(hosted, HostedSilo.Find(folder.Path));
    }

    private static string[] Silo(string storage, string clusterId, int siloPort, int primaryPort) =>
    [
        "--storage-dir", storage, "--cluster-id", clusterId, "--device", "cpu",
        "--silo-port", siloPort.ToString(), "--gateway-port", FreePort.Next().ToString(), "--primary-port", primaryPort.ToString(),
    ];
}
