namespace KeypointGrains.Silo.Web;

/// <summary>A photo request refused before its photo is read (no photo, wrong content type, bad query), with its status.</summary>
public sealed class PhotoRequestException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
