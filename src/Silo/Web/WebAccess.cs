using System.Net;

namespace KeypointGrains.Silo.Web;

/// <summary>
/// Where the silo's web host listens (Web:Urls, ';'-separated; the front door's gRPC, cleartext HTTP/2, on Web:GrpcUrls)
/// and who may see its dashboards and call its front door (Dashboard:Username and Dashboard:Password). Beyond loopback the
/// Orleans Dashboard, the training page and the models would be open to the network, so a non-loopback binding without
/// credentials is refused.
/// </summary>
public sealed record WebAccess(string Urls, string? Username, string? Password)
{
    public const string UrlsKey = "Web:Urls";
    public const string GrpcUrlsKey = "Web:GrpcUrls";
    public const string UsernameKey = "Dashboard:Username";
    public const string PasswordKey = "Dashboard:Password";

    /// <summary>Loopback on a free port: several silos can share a machine.</summary>
    public const string DefaultUrls = "http://127.0.0.1:0";

    public string GrpcUrls { get; init; } = DefaultUrls;

    public bool HasCredentials => !string.IsNullOrEmpty(Username) && !string.IsNullOrEmpty(Password);

    /// <summary>The bindings that reach beyond this machine (anything but localhost, 127.0.0.0/8, ::1 and unix sockets).</summary>
    public IReadOnlyList<string> NonLoopbackUrls =>
        Split(Urls).Concat(Split(GrpcUrls)).Where(u => !IsLoopback(u)).ToArray();

    public static string[] Split(string urls) => urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static WebAccess From(IConfiguration configuration)
    {
        var access = new WebAccess(
            configuration[UrlsKey] is { Length: > 0 } urls ? urls : DefaultUrls,
            configuration[UsernameKey], configuration[PasswordKey])
        {
            GrpcUrls = configuration[GrpcUrlsKey] is { Length: > 0 } grpc ? grpc : DefaultUrls,
        };
        access.EnsureSafe();
        return access;
    }

    public void EnsureSafe()
    {
        if (!string.IsNullOrEmpty(Username) != !string.IsNullOrEmpty(Password))
            throw new InvalidOperationException("Dashboard:Username and Dashboard:Password must be set together.");
        var exposed = NonLoopbackUrls;
        if (exposed.Count > 0 && !HasCredentials)
            throw new InvalidOperationException(
                $"Refusing to start: Web:Urls or Web:GrpcUrls binds {string.Join(", ", exposed)}, beyond loopback, and no credentials " +
                "protect the Orleans Dashboard, the training page and the models. Set Dashboard:Username and Dashboard:Password " +
                "(KG_Dashboard__Username, KG_Dashboard__Password), or bind to 127.0.0.1.");
    }

    // A record prints every property; the password stays out of logs and error messages.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Urls = {Urls}, GrpcUrls = {GrpcUrls}, Username = {Username}, Password = {(Password is null ? "" : "***")}");
        return true;
    }

    private static bool IsLoopback(string url)
    {
        var address = BindingAddress.Parse(url);
        if (address.IsUnixPipe) return true;
        var host = address.Host.Trim('[', ']');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }
}
