using KeypointGrains.Contracts.Hosting;
using KeypointGrains.Grains.Placement;
using KeypointGrains.Hosting.Process;
using KeypointGrains.Silo.Web;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;

// A silo of the keypoint cluster. Settings: appsettings.json < KG_ environment variables < command line
// (e.g. --silo-port 11112 --gateway-port 30001 --device cuda:0; see ClusterConfiguration.Switches).
// Silos train: keep freed memory in the process and give malloc huge pages, as `kg train` does.
HugePageRelaunch.EnsureHugePages();
NativeMemoryTuning.Apply();

try
{
    var app = SiloWebHost.Build(args);
    app.Lifetime.ApplicationStarted.Register(() =>
    {
        var silo = app.Services.GetRequiredService<ILocalSiloDetails>();
        var frontDoor = app.Services.GetRequiredService<FrontDoorListeners>();
        // Scripts and the durability tests wait for this line; the failover test reads the failure detection in force.
        var membership = app.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        Console.WriteLine($"silo ready: {silo.SiloAddress} device={app.Services.GetRequiredService<SiloDevice>()} web={string.Join(",", frontDoor.HttpUrls)} " +
                          $"grpc={string.Join(",", frontDoor.GrpcAddresses)} " +
                          $"probe-timeout={membership.ProbeTimeout} missed-probes={membership.NumMissedProbesLimit}");
    });
    app.Run();
    return 0;
}
catch (Exception error) when (SiloRefusedException.In(error) is { } refused)
{
    // A port, storage or cluster this silo would share: one line that says which and what to change.
    Console.Error.WriteLine($"silo: {refused.Message}");
    return 1;
}
