using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KeypointGrains.Observability.Tests.Support;
using SkiaSharp;

namespace KeypointGrains.Observability.Tests.Web;

/// <summary>Bad photos posted to the silo's photo endpoint: each a 400 or 413 that says why, and the silo serves on.</summary>
[Collection(RunningSiloCollection.Name)]
public class PhotoEndpointTests(RunningSilo silo)
{
    public static TheoryData<string, byte[], string, HttpStatusCode, string> BadPhotos => new()
    {
        { "0 bytes", [], "image/jpeg", HttpStatusCode.BadRequest, "empty" },
        { "not an image", "<html>no photo</html>"u8.ToArray(), "image/jpeg", HttpStatusCode.BadRequest, "not an image" },
        { "truncated", TestPhotos.TruncatedPng(), "image/png", HttpStatusCode.BadRequest, "png" },
        { "30000x30000 PNG under 1 MB", TestPhotos.HugePng(), "image/png", HttpStatusCode.RequestEntityTooLarge, "30000x30000" },
        { "wrong content type", [1, 2, 3], "text/plain", HttpStatusCode.UnsupportedMediaType, "image content type" },
    };

    [Theory]
    [MemberData(nameof(BadPhotos))]
    public async Task A_bad_photo_is_refused_with_a_reason_and_the_silo_serves_on(string what, byte[] body, string type, HttpStatusCode status, string named)
    {
        var response = await Post("/api/photos?campaign=any", body, type);
        Assert.True(status == response.StatusCode, $"{what}: {response.StatusCode}");
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();
        Assert.Contains(named, error);
        Assert.Equal(HttpStatusCode.OK, (await silo.Get("/health", authenticated: false)).StatusCode);
    }

    [Fact]
    public async Task A_multipart_photo_is_read_from_its_file_field()
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent("not a photo"u8.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } }, "photo", "face.jpg");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/photos?campaign=any") { Content = form };
        request.Headers.Authorization = RunningSilo.Credentials;
        var response = await silo.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not an image", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("cmyk.jpg")]
    [InlineData("animated.gif")]
    public async Task A_readable_photo_for_a_campaign_without_models_is_a_404(string file)
    {
        // CMYK JPEGs and animated GIFs are photos (the first frame): they pass decoding and reach the campaign lookup.
        var response = await Post("/api/photos?campaign=no-such-campaign", await File.ReadAllBytesAsync(TestPhotos.File(file)), "image/jpeg");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no-such-campaign", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_bad_box_or_missing_campaign_is_a_400()
    {
        var png = TestPhotos.Encode(8, 8, (_, _) => SKColors.Gray, SKEncodedImageFormat.Png);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post("/api/photos?campaign=any&box=1,2,3", png, "image/png")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post("/api/photos", png, "image/png")).StatusCode);
    }

    private async Task<HttpResponseMessage> Post(string path, byte[] body, string type)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(type);
        request.Headers.Authorization = RunningSilo.Credentials;
        return await silo.Http.SendAsync(request);
    }
}
