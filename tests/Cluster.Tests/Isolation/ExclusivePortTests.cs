using System.Net;
using System.Net.Sockets;
using KeypointGrains.Client.Processes;
using KeypointGrains.Cluster.Tests.Support;

namespace KeypointGrains.Cluster.Tests.Isolation;

/// <summary>A silo never shares a port: one that another process listens on is an error at start-up that names it.</summary>
public class ExclusivePortTests
{
    [Theory]
    [InlineData("--silo-port", "Silo:SiloPort")]
    [InlineData("--gateway-port", "Silo:GatewayPort")]
    public async Task A_silo_host_on_a_port_another_process_listens_on_exits_with_one_line_naming_it(string flag, string setting)
    {
        using var folder = new TemporaryFolder();
        // The other listener asks to share its port, as Orleans' own transport does; the silo must get it all the same.
        using var other = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        other.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        other.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        other.Listen();
        int taken = ((IPEndPoint)other.LocalEndPoint!).Port;
        int siloPort = flag == "--silo-port" ? taken : FreePort.Next();
        int gatewayPort = flag == "--gateway-port" ? taken : FreePort.Next();

        var (exitCode, errors) = await SiloProcess.RefusalAsync(Checkout.SiloHost(),
        [
            "--storage-dir", folder.Path, "--cluster-id", $"ports-{Guid.NewGuid():N}", "--device", "cpu",
            "--silo-port", siloPort.ToString(), "--gateway-port", gatewayPort.ToString(), "--primary-port", siloPort.ToString(),
        ], TimeSpan.FromMinutes(2));

        Assert.Equal(1, exitCode);
        Assert.Equal($"silo: port {taken} ({setting}, {flag}) is in use by another process", Assert.Single(errors));
    }
}
