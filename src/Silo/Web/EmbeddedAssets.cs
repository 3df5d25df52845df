namespace KeypointGrains.Silo.Web;

/// <summary>
/// The silo's pages: static files embedded in it (wwwroot), so they are served wherever the silo runs, with no build
/// step and nothing fetched from elsewhere.
/// </summary>
internal static class EmbeddedAssets
{
    /// <summary>Serves each embedded <c>Resource</c> at its <c>Path</c>; a silo built without one refuses to start.</summary>
    public static IEndpointRouteBuilder MapEmbeddedAssets(this IEndpointRouteBuilder endpoints,
        params (string Path, string Resource, string ContentType)[] assets)
    {
        foreach (var (path, resource, contentType) in assets)
        {
            var content = Read(resource);
            endpoints.MapGet(path, (HttpContext context) =>
            {
                context.Response.Headers.CacheControl = "no-cache";
                return Results.Bytes(content, contentType);
            });
        }
        return endpoints;
    }

    private static byte[] Read(string resource)
    {
        using var stream = typeof(EmbeddedAssets).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The silo was built without its embedded {resource}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
