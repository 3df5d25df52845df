using KeypointGrains.Client.Chaos;
using KeypointGrains.Client.Hosts;
using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.ClusterClient.Inference;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Keypoints.Data;

namespace KeypointGrains.Cluster.Tests.Hosts;

/// <summary>
/// Three hosts (<see cref="HostCampaigns"/>) with a tiny campaign trained and served, started once for the tests that
/// ask it for keypoints while a host's link fails; each heals what it did. Nothing is started where hosts cannot be
/// made (the tests skip).
/// </summary>
public sealed class ServedHosts : IAsyncLifetime
{
    private readonly TemporaryFolder folder = new();

    public HostCluster Cluster { get; private set; } = null!;

    public EnsembleManifest Manifest { get; private set; } = null!;

    /// <summary>Four faces, and the cluster's answer for them before any fault.</summary>
    public FaceBatch Faces { get; private set; } = null!;

    public float[] Expected { get; private set; } = [];

    public async Task InitializeAsync()
    {
        if (NetworkHosts.Unavailable() is not null || !Azurite.NodeInstalled) return;
        var campaign = $"served-{Guid.NewGuid():N}"[..16];
        Cluster = await HostCampaigns.StartAsync(folder, campaign);
        await Cluster.Campaigns.StartCampaign(HostCampaigns.OpenEnded(campaign, epochs: 1));
        await Support.Campaigns.Completion(Cluster.Campaigns, campaign, HostCampaigns.Limit);
        Manifest = await Cluster.Campaigns.GetManifest(campaign);
        Faces = Support.Faces.Batch(KaggleCsvReader.ReadTraining(TestData.TrainingCsv()), 4);
        Expected = (await Cluster.Campaigns.PredictAsync(Manifest, Faces)).Coordinates;
    }

    /// <summary>Whether an answer is whole (no group degraded) and within 1e-4 px of <see cref="Expected"/>.</summary>
    public bool IsExpected(EnsemblePrediction answer) =>
        answer.DegradedGroups.Count == 0 && Expected.Zip(answer.Coordinates, (e, a) => Math.Abs(e - a)).Max() <= 1e-4;

    /// <summary>A client of the cluster with the given bounds; every serving key answers once first, so that no test times activations.</summary>
    public async Task<CampaignClient> WarmClientAsync(TimeSpan attemptTimeout, TimeSpan requestTimeout)
    {
        var client = new CampaignClient(Cluster.Client.Client) { AttemptTimeout = attemptTimeout, RequestTimeout = requestTimeout };
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => client.PredictAsync(Manifest, Faces)));
        return client;
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null) await Cluster.DisposeAsync();
        folder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ServedHostsCollection : ICollectionFixture<ServedHosts>
{
    public const string Name = "served hosts";
}
