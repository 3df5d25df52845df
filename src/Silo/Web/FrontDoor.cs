using System.Net;
using KeypointGrains.ClusterClient.Connection;
using KeypointGrains.Silo.Web.Inference;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace KeypointGrains.Silo.Web;

/// <summary>
/// The front door any client can use: the Open Inference Protocol over REST and gRPC, on every silo host and on kg serve
/// (which both call <see cref="AddFrontDoor"/>, <see cref="ListenFrontDoor"/> and <see cref="MapFrontDoor"/>).
/// </summary>
public static class FrontDoor
{
    /// <summary>What credentials guard on a non-loopback binding: the models and the photo page. Health (probes) and server metadata stay open.</summary>
    public static readonly string[] ProtectedPaths = ["/v2/models", "/inference.GRPCInferenceService", "/api/photos", PhotoPage.Path];

    public static IServiceCollection AddFrontDoor(this IServiceCollection services, FrontDoorSettings limits)
    {
        services.AddSingleton(limits);
        services.AddSingleton<ServedModels>();
        services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = limits.MaxRequestBytes);
        return services;
    }

    /// <summary>
    /// Listens on Web:Urls (HTTP/1.1) and on Web:GrpcUrls with HTTP/2 alone: cleartext has no protocol negotiation, so
    /// gRPC without TLS needs a port that speaks HTTP/2 from the first byte.
    /// </summary>
    public static FrontDoorListeners ListenFrontDoor(this IWebHostBuilder web, WebAccess access)
    {
        var listeners = new FrontDoorListeners();
        web.ConfigureKestrel(kestrel =>
        {
            foreach (var url in WebAccess.Split(access.Urls)) listeners.Http.Add(Listen(kestrel, url, HttpProtocols.Http1));
            foreach (var url in WebAccess.Split(access.GrpcUrls)) listeners.Grpc.Add(Listen(kestrel, url, HttpProtocols.Http2));
        });
        return listeners;
    }

    /// <summary>Every route of the front door: one place, so that silo hosts and kg serve offer the same ones.</summary>
    public static IEndpointRouteBuilder MapFrontDoor(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapInferenceRest();
        endpoints.MapGrpcService<InferenceGrpcService>();
        endpoints.MapPhotoEndpoints();
        endpoints.MapPhotoPage();
        return endpoints;
    }

    /// <summary>Opens the front door once the host has started, and closes it as the host begins to stop (then drains).</summary>
    public static void OpenWhileRunning(this WebApplication app)
    {
        var served = app.Services.GetRequiredService<ServedModels>();
        app.Lifetime.ApplicationStarted.Register(() => served.Accepting = true);
        app.Lifetime.ApplicationStopping.Register(() => served.Accepting = false);
    }

    private static ListenOptions Listen(KestrelServerOptions kestrel, string url, HttpProtocols protocols)
    {
        var address = BindingAddress.Parse(url);
        if (address.Scheme != "http")
            throw new InvalidOperationException($"'{url}' is not an http:// URL; the front door serves cleartext (TLS belongs to the ingress).");
        ListenOptions bound = null!;
        void Configure(ListenOptions options)
        {
            options.Protocols = protocols;
            bound = options;
        }
        var host = address.Host.Trim('[', ']');
        if (address.IsUnixPipe) kestrel.ListenUnixSocket(address.UnixPipePath, Configure);
        else if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) kestrel.Listen(IPAddress.Loopback, address.Port, Configure);
        else if (IPAddress.TryParse(host, out var ip)) kestrel.Listen(ip, address.Port, Configure);
        else kestrel.ListenAnyIP(address.Port, Configure); // "*", "+" or a host name: every interface, as Kestrel binds them
        return bound;
    }
}

/// <summary>Where the front door listens, with the ports the system picked for port 0 once the host has started.</summary>
public sealed class FrontDoorListeners
{
    internal List<ListenOptions> Http { get; } = [];
    internal List<ListenOptions> Grpc { get; } = [];

    /// <summary>http://HOST:PORT of each REST listener.</summary>
    public IReadOnlyList<string> HttpUrls => Http.Select(o => $"http://{Address(o)}").ToArray();

    /// <summary>HOST:PORT of each gRPC listener, as gRPC clients take them.</summary>
    public IReadOnlyList<string> GrpcAddresses => Grpc.Select(Address).ToArray();

    private static string Address(ListenOptions options) => options.IPEndPoint is { } endpoint
        ? (endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]" : $"{endpoint.Address}") + $":{endpoint.Port}"
        : options.SocketPath ?? $"{options}";
}
