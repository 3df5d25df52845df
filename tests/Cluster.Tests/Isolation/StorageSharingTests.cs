using KeypointGrains.Client.Processes;
using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.Hosting.Storage;

namespace KeypointGrains.Cluster.Tests.Isolation;

/// <summary>
/// The silos of a cluster share one storage, and a storage directory has one cluster: a silo on other storage is kept
/// out of the cluster, a second silo on a directory another live silo hosts does not start unless it joins that silo's
/// cluster.
/// </summary>
public class StorageSharingTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_silo_whose_storage_is_not_its_clusters_is_refused_before_it_joins()
    {
        using var folder = new TemporaryFolder();
        var (first, second) = (folder.File("first"), folder.File("second"));
        var clusterId = $"storage-{Guid.NewGuid():N}";
        int primary = FreePort.Next();
        using var member = await SiloProcess.StartAsync(Checkout.SiloHost(), Silo(first, clusterId, primary, primary), Limit);

        var (exitCode, errors) = await SiloProcess.RefusalAsync(Checkout.SiloHost(), Silo(second, clusterId, FreePort.Next(), primary), Limit);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(errors);
        Assert.StartsWith($"silo: this silo keeps its state in {second} (storage id ", line);
        Assert.Contains($"but cluster {clusterId} keeps it in {first} (storage id ", line);
        Assert.True(member.Running, member.Log);
        // Never active, so never a placement target: the cluster still has its one silo.
        await using var client = await ClusterConnection.ConnectAsync(HostedSilo.Find(first)!.ClientSettings(new ClusterSettings()));
        var hosts = await client.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal([member.Address], hosts.Keys.Select(silo => silo.ToString()));
    }

    [Fact]
    public async Task A_second_silo_on_a_directory_a_live_silo_hosts_does_not_start_and_names_that_silo()
    {
        using var folder = new TemporaryFolder();
        int port = FreePort.Next();
        using var host = await SiloProcess.StartAsync(Checkout.SiloHost(), Silo(folder.Path, $"first-{Guid.NewGuid():N}", port, port), Limit);
        var hosted = HostedSilo.Find(folder.Path);
        Assert.NotNull(hosted);

        int other = FreePort.Next();
        var (exitCode, errors) = await SiloProcess.RefusalAsync(Checkout.SiloHost(), Silo(folder.Path, $"second-{Guid.NewGuid():N}", other, other), Limit);

        Assert.Equal(1, exitCode);
        Assert.Equal($"silo: storage {folder.Path} is in use by another silo ({hosted}); " +
                     "give this silo a directory of its own (Storage:Directory, --storage-dir)", Assert.Single(errors));
        Assert.Equal(hosted, HostedSilo.Find(folder.Path));
    }

    [Fact]
    public async Task A_silo_that_joins_the_cluster_of_the_directorys_silo_shares_the_directory()
    {
        using var folder = new TemporaryFolder();
        var clusterId = $"shared-{Guid.NewGuid():N}";
        int primary = FreePort.Next();
        using var host = await SiloProcess.StartAsync(Checkout.SiloHost(), Silo(folder.Path, clusterId, primary, primary), Limit);
        var hosted = HostedSilo.Find(folder.Path);
        Assert.NotNull(hosted);

        using var member = await SiloProcess.StartAsync(Checkout.SiloHost(), Silo(folder.Path, clusterId, FreePort.Next(), primary), Limit);

        await using var client = await ClusterConnection.ConnectAsync(hosted.ClientSettings(new ClusterSettings()));
        var hosts = await Poll.Until(() => client.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true), h => h.Count == 2, Limit,
            h => string.Join(", ", h?.Keys.Select(s => s.ToString()) ?? []));
        Assert.Equal(new[] { host.Address, member.Address }.Order(), hosts.Keys.Select(silo => silo.ToString()).Order());
        // The holder still describes the directory's silo; the member wrote nothing over it.
        Assert.Equal(hosted, HostedSilo.Find(folder.Path));
    }

    [Fact]
    public void A_storage_keeps_the_identity_it_was_given_first_and_another_storage_has_another()
    {
        using var folder = new TemporaryFolder();
        var settings = TestClusters.LocalSettings(folder.File("one"));

        var first = StorageIdentities.Of(settings);

        Assert.Equal(first, StorageIdentities.Of(settings));
        Assert.Equal(folder.File("one"), first.Location);
        Assert.NotEqual(first.Id, StorageIdentities.Of(TestClusters.LocalSettings(folder.File("two"))).Id);
    }

    private static string[] Silo(string storage, string clusterId, int siloPort, int primaryPort) =>
    [
        "--storage-dir", storage, "--cluster-id", clusterId, "--device", "cpu",
        "--silo-port", siloPort.ToString(), "--gateway-port", FreePort.Next().ToString(), "--primary-port", primaryPort.ToString(),
    ];
}
