namespace KeypointGrains.Silo.Web;

/// <summary>
/// The live training page: static files embedded in the silo (wwwroot/training), so it is served wherever the silo runs,
/// with no build step and nothing fetched from elsewhere.
/// </summary>
public static class TrainingPage
{
    private static readonly (string Path, string Resource, string ContentType)[] Assets =
    [
        ("/training", "training/index.html", "text/html; charset=utf-8"),
        ("/training/training.js", "training/training.js", "text/javascript; charset=utf-8"),
        ("/training/training.css", "training/training.css", "text/css; charset=utf-8"),
    ];

    public static IEndpointRouteBuilder MapTrainingPage(this IEndpointRouteBuilder endpoints)
    {
        foreach (var (path, resource, contentType) in Assets)
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
        using var stream = typeof(TrainingPage).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The silo was built without its embedded {resource}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
