using System.Net;
using System.Net.Sockets;
using KeypointGrains.ClusterClient.Connection;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KeypointGrains.Hosting.Networking;

/// <summary>
/// The silo's and the gateway's listening sockets, bound so that no other process can listen on their ports. Orleans'
/// own socket transport sets ReuseAddress on them, which .NET turns into SO_REUSEPORT on Linux and macOS: any process
/// of the same user could then listen on the same port as well, and the kernel would deal incoming connections out
/// among unrelated silos. Kestrel's socket transport accepts the connections here; only the bind is ours.
/// </summary>
public sealed class ExclusiveListenerFactory(SiloSettings ports, ILoggerFactory logging) : IConnectionListenerFactory
{
    private readonly SocketTransportFactory sockets =
        new(Options.Create(new SocketTransportOptions { CreateBoundListenSocket = BindExclusively }), logging);

    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        try
        {
            return await sockets.BindAsync(endpoint, cancellationToken);
        }
        catch (AddressInUseException error) when (endpoint is IPEndPoint { Port: var port })
        {
            throw new PortInUseException(port, port == ports.GatewayPort ? "Silo:GatewayPort" : "Silo:SiloPort", error);
        }
    }

    private static Socket BindExclusively(EndPoint endpoint)
    {
        // Exclusive use also keeps Windows from handing the port to a later socket that asks to reuse it.
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { ExclusiveAddressUse = true };
        try
        {
            // As Orleans and Kestrel do: "any IPv6 address" listens on IPv4 too.
            if (endpoint is IPEndPoint { Address: var address } && address.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
            socket.Bind(endpoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
