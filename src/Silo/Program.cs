using KeypointGrains.Cluster.Hosting;
using KeypointGrains.Grains.Placement;
using KeypointGrains.Keypoints.Performance;
using Orleans.Runtime;

// A silo of the keypoint cluster. Settings: appsettings.json < KG_ environment variables < command line
// (e.g. --silo-port 11112 --gateway-port 30001 --device cuda:0; see ClusterConfiguration.Switches).
// Silos train: give malloc huge pages as `kg train` does (the domain library tunes malloc itself when it loads).
HugePageRelaunch.EnsureHugePages();

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddClusterSources(args);
var settings = ClusterSettings.From(builder.Configuration);
// The web host (dashboards later) binds to Web:Urls: loopback on a free port unless configured.
builder.WebHost.UseUrls(builder.Configuration["Web:Urls"] ?? "http://127.0.0.1:0");
builder.UseOrleans(silo => silo.ConfigureKeypointSilo(settings));

var app = builder.Build();
app.MapGet("/", (ILocalSiloDetails silo, SiloDevice device) =>
    Results.Ok(new { silo = silo.SiloAddress.ToString(), name = silo.Name, device = device.ToString() }));
app.Lifetime.ApplicationStarted.Register(() =>
{
    var silo = app.Services.GetRequiredService<ILocalSiloDetails>();
    // Scripts and the durability test wait for this line.
    Console.WriteLine($"silo ready: {silo.SiloAddress} device={app.Services.GetRequiredService<SiloDevice>()}");
});
app.Run();
