using System.Net;
using System.Net.Http.Headers;
using System.Text;
using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Silo.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace KeypointGrains.Observability.Tests.Support;

/// <summary>
/// A real silo host (src/Silo's SiloWebHost) in this process: Orleans on free loopback ports, its web host on every
/// interface with a free port (reached at 127.0.0.1), the Prometheus exporter on, and dashboard credentials set.
/// </summary>
public sealed class RunningSilo : IAsyncLifetime
{
    public const string Username = "kg";
    public const string Password = "observability-test";
    private readonly TemporaryFolder folder = new();
    private WebApplication? app;

    public Uri Address { get; private set; } = null!;

    public CampaignClient Campaigns { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public static AuthenticationHeaderValue Credentials { get; } =
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}")));

    public async Task InitializeAsync()
    {
        string siloPort = FreePort.Next().ToString(), gatewayPort = FreePort.Next().ToString();
        app = SiloWebHost.Build([
            "--silo-port", siloPort, "--primary-port", siloPort, "--gateway-port", gatewayPort,
            "--storage-dir", folder.Path, "--device", "cpu",
            // Every interface, as a silo on a network binds: its credentials are what keeps the pages private.
            "--Web:Urls=http://0.0.0.0:0",
            // One comma-separated value: the form people type on a command line. OTLP switches tracing (and Orleans'
            // activity propagation) on; nothing listens at its endpoint, the tests watch the spans in this process.
            "--Telemetry:Exporters=prometheus,otlp", $"--Telemetry:OtlpEndpoint=http://127.0.0.1:{FreePort.Next()}",
            $"--Dashboard:Username={Username}", $"--Dashboard:Password={Password}",
            "--Training:WatchdogSeconds=2",
        ]);
        await app.StartAsync();
        Address = new Uri($"http://127.0.0.1:{new Uri(app.Services.GetRequiredService<FrontDoorListeners>().HttpUrls.Single()).Port}");
        Campaigns = new CampaignClient(app.Services.GetRequiredService<IClusterClient>());
        Http = new HttpClient { BaseAddress = Address };
    }

    /// <summary>GET <paramref name="path"/>, with the dashboard credentials when <paramref name="authenticated"/>.</summary>
    public Task<HttpResponseMessage> Get(string path, bool authenticated = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authenticated) request.Headers.Authorization = Credentials;
        return Http.SendAsync(request);
    }

    public Task DisposeAsync() => StopAsync(app, Http, folder);

    /// <summary>Stops a silo host that a fixture started, then removes its storage folder.</summary>
    internal static async Task StopAsync(WebApplication? app, HttpClient? http, TemporaryFolder folder)
    {
        http?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        folder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class RunningSiloCollection : ICollectionFixture<RunningSilo>
{
    public const string Name = "Running silo";
}
