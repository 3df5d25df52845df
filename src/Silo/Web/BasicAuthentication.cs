using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace KeypointGrains.Silo.Web;

/// <summary>
/// HTTP basic authentication in front of the pages people look at (the dashboards and their data); /health and
/// /metrics stay open because probes and Prometheus carry no credentials.
/// </summary>
public sealed class BasicAuthentication(string username, string password, IReadOnlyList<string> protectedPaths)
{
    private readonly byte[] expected = SHA256.HashData(Encoding.UTF8.GetBytes($"{username}:{password}"));

    public async Task Invoke(HttpContext context, RequestDelegate next)
    {
        if (!protectedPaths.Any(p => context.Request.Path.StartsWithSegments(p)) || Authorized(context.Request))
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"KeypointGrains\", charset=\"UTF-8\"";
    }

    private bool Authorized(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
            return false;
        byte[] given;
        try { given = Convert.FromBase64String(header.Parameter); }
        catch (FormatException) { return false; }
        // Hashes have equal lengths, so the comparison takes the same time whatever was sent.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(given), expected);
    }
}
