namespace KeypointGrains.Silo.Web;

/// <summary>
/// The page to try photos on (wwwroot/photos): pick or drop a photo, see each face's box and keypoints drawn over it
/// from <c>POST /api/photos</c>'s answer, a keypoint's name on hover.
/// </summary>
public static class PhotoPage
{
    public const string Path = "/photos";

    public static IEndpointRouteBuilder MapPhotoPage(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapEmbeddedAssets(
            (Path, "photos/index.html", "text/html; charset=utf-8"),
            ($"{Path}/photos.js", "photos/photos.js", "text/javascript; charset=utf-8"),
            ($"{Path}/photos.css", "photos/photos.css", "text/css; charset=utf-8"));
}
