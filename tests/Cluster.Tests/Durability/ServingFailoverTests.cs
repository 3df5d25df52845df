using KeypointGrains.Client.Load;
using KeypointGrains.Client.Processes;
using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Hosting.Storage;
using Xunit.Abstractions;

namespace KeypointGrains.Cluster.Tests.Durability;

/// <summary>
/// A small run of `kg bench load`: two silo processes on loopback sharing a storage folder, clients sending single
/// faces, and the second silo killed mid-run. Requests that were on it are answered by the survivor.
/// </summary>
public class ServingFailoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Clients_keep_getting_right_answers_when_a_serving_silo_dies()
    {
        using var folder = new TemporaryFolder();
        var settings = TestClusters.LocalSettings(folder.Path);
        settings.Device = "cpu";
        var checkpoints = CheckpointStores.Create(settings);
        var manifest = await TinyEnsembles.WriteAsync(checkpoints, "load", version: 1);
        var random = new Random(5);
        var requests = Enumerable.Range(0, 4).Select(_ =>
        {
            var face = new byte[FaceBatch.BytesPerFace];
            random.NextBytes(face);
            return new FaceBatch(face);
        }).ToArray();
        var expected = await ExpectedAnswers.ComputeAsync(checkpoints, manifest, requests, "cpu");

        using var silos = await LocalSilos.StartAsync(Checkout.SiloHost(), settings, count: 2, TimeSpan.FromMinutes(2));
        await using var client = await ClusterConnection.ConnectAsync(silos.ClientSettings(settings));
        var figures = await LoadBenchmark.RunAsync(client.Client, manifest, requests, expected, new LoadOptions
        {
            Clients = 8, Duration = TimeSpan.FromSeconds(8), KillSiloAfter = TimeSpan.FromSeconds(3),
            AttemptTimeout = TimeSpan.FromSeconds(3), RequestTimeout = TimeSpan.FromSeconds(20),
        }, silos.KillOne);
        output.WriteLine(figures.ToString());

        double Figure(string key) => double.Parse(figures.All.Single(f => f.Key == key).Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Figure("requests") > 8, figures.ToString());
        Assert.Equal(0, Figure("wrong_answers"));
        Assert.Equal(0, Figure("degraded_answers"));
        // Every request is answered within its timeout, by the survivor when its own silo died under it.
        Assert.Equal(0, Figure("errors"));
        Assert.NotEqual("", figures.All.Single(f => f.Key == "killed_silo").Value);
    }
}
