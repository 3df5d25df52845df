using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Silo.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using CampaignPlans = KeypointGrains.Cluster.Tests.Support.Campaigns;

namespace KeypointGrains.Observability.Tests.Support;

/// <summary>
/// A real silo host (SiloWebHost) on loopback with a tiny trained campaign (three MLPs, one epoch on the real data), its
/// front door's REST and gRPC ports, small limits (8 faces, 1 MB) so that the tests reach them cheaply, /metrics and tracing.
/// </summary>
public sealed class ServingSilo : IAsyncLifetime
{
    public const string Campaign = "front-door";
    public const int MaxFaces = 8, MaxBytes = 1_000_000;
    private readonly TemporaryFolder folder = new();
    private WebApplication? app;

    public Uri Address { get; private set; } = null!;
    public string GrpcAddress { get; private set; } = null!;
    public int GatewayPort { get; private set; }
    public HttpClient Http { get; private set; } = null!;
    public CampaignClient Campaigns { get; private set; } = null!;
    public EnsembleManifest Manifest { get; private set; } = null!;

    /// <summary>Four faces of the training file, as the bytes a client sends.</summary>
    public FaceBatch Faces { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (TestData.FkdDirectory is null || !File.Exists(Path.Combine(TestData.FkdDirectory, "training.csv.gz"))) return;
        var data = Path.Combine(TestData.FkdDirectory, "training.csv.gz");
        string siloPort = FreePort.Next().ToString();
        GatewayPort = FreePort.Next();
        app = SiloWebHost.Build([
            "--silo-port", siloPort, "--primary-port", siloPort, "--gateway-port", GatewayPort.ToString(),
            "--storage-dir", folder.Path, "--device", "cpu", "--Dashboard:Enabled=false",
            "--Web:Urls=http://127.0.0.1:0", "--Web:GrpcUrls=http://127.0.0.1:0",
            $"--FrontDoor:MaxFacesPerRequest={MaxFaces}", $"--FrontDoor:MaxRequestBytes={MaxBytes}",
            // /metrics, and tracing with Orleans' activity propagation (nothing listens at the OTLP endpoint).
            "--Telemetry:Exporters=prometheus,otlp", $"--Telemetry:OtlpEndpoint=http://127.0.0.1:{FreePort.Next()}",
        ]);
        await app.StartAsync();
        var listeners = app.Services.GetRequiredService<FrontDoorListeners>();
        Address = new Uri(listeners.HttpUrls.Single());
        GrpcAddress = listeners.GrpcAddresses.Single();
        Http = new HttpClient { BaseAddress = Address };
        Campaigns = new CampaignClient(app.Services.GetRequiredService<IClusterClient>());

        var plan = CampaignPlans.Tiny(Campaign, data, epochs: 1);
        await Campaigns.StartCampaign(plan with { Models = plan.Models.Take(3).ToArray() });
        await CampaignPlans.Completion(Campaigns, Campaign, TimeSpan.FromMinutes(5));
        Manifest = await Campaigns.GetManifest(Campaign);
        Faces = Cluster.Tests.Support.Faces.Batch(KaggleCsvReader.ReadTraining(data), 4);
    }

    /// <summary>Skips the calling test where the real data is absent (the fixture then trained nothing).</summary>
    public void RequireCampaign()
    {
        TestData.TrainingCsv();
        Assert.NotNull(app);
    }

    /// <summary>What the cluster's own client path (kg predict --campaign's) answers for <paramref name="faces"/>.</summary>
    public async Task<float[]> Expected(FaceBatch faces) => (await Campaigns.PredictAsync(Manifest, faces)).Coordinates;

    public static void AssertClose(float[] expected, float[] actual, double tolerance = 1e-4)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= tolerance, $"Largest difference {worst} px exceeds {tolerance} px.");
    }

    public Task DisposeAsync() => RunningSilo.StopAsync(app, Http, folder);
}

[CollectionDefinition(Name)]
public sealed class ServingSiloCollection : ICollectionFixture<ServingSilo>
{
    public const string Name = "Serving silo";
}
