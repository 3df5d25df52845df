using KeypointGrains.Keypoints.Photos;

namespace KeypointGrains.Silo.Web;

/// <summary>
/// The photo's bytes from a request: the body itself when it has an image content type (or octet-stream), else the first
/// file of a multipart form; never more than the byte limit is read.
/// </summary>
public static class PhotoBody
{
    public static async Task<byte[]> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellation)
    {
        var type = request.ContentType ?? "";
        if (request.HasFormContentType && type.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            var form = await request.ReadFormAsync(cancellation);
            var file = form.Files.FirstOrDefault()
                ?? throw new PhotoRequestException(StatusCodes.Status400BadRequest, "The form holds no file: send the photo as its file field.");
            if (file.Length > maxBytes) throw TooLarge(file.Length, maxBytes);
            await using var stream = file.OpenReadStream();
            return await ReadLimited(stream, maxBytes, cancellation);
        }
        if (!type.StartsWith("image/", StringComparison.OrdinalIgnoreCase) && !type.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase))
            throw new PhotoRequestException(StatusCodes.Status415UnsupportedMediaType,
                $"Send the photo as the body with an image content type (image/jpeg, image/png, …) or as a multipart form's file, not '{type}'.");
        if (request.ContentLength > maxBytes) throw TooLarge(request.ContentLength.Value, maxBytes);
        return await ReadLimited(request.Body, maxBytes, cancellation);
    }

    private static async Task<byte[]> ReadLimited(Stream stream, long maxBytes, CancellationToken cancellation)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellation)) > 0)
        {
            if (copy.Length + read > maxBytes) throw TooLarge(copy.Length + read, maxBytes);
            copy.Write(buffer, 0, read);
        }
        return copy.ToArray();
    }

    private static PhotoRejectedException TooLarge(long bytes, long maxBytes) =>
        new($"it has more than {maxBytes:N0} bytes ({bytes:N0} at least)", tooLarge: true);
}
