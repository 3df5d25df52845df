using System.Globalization;
using KeypointGrains.ClusterClient.Campaigns;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Keypoints.Photos;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Silo.Web;

/// <summary>
/// Photos in, keypoints out: <c>POST /api/photos?campaign=ID</c> with the photo as the body (an image content type) or
/// as the file of a multipart form answers every face, largest first, with its box and the 15 keypoints in the photo's
/// pixels; <c>POST /api/photos/overlay</c> answers the photo with them drawn, as PNG. <c>box=x,y,width,height</c> skips
/// detection. A photo that cannot be read is a 400 (over the <c>Photos:Limits</c>: a 413) that says why, a campaign
/// without models a 404. Settings: the <c>Photos</c> section (limits, detector, re-framings, default campaign).
/// </summary>
public static class PhotoEndpoints
{
    public static IEndpointRouteBuilder MapPhotoEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var section = endpoints.ServiceProvider.GetRequiredService<IConfiguration>().GetSection(PhotoSettings.Section);
        var settings = section.Get<PhotoSettings>() ?? new PhotoSettings();
        var defaultCampaign = section["Campaign"];
        // Loaded on the first photo: a silo without the cascade file still starts and serves everything else.
        var detector = new Lazy<FaceDetector>(() => new FaceDetector(settings.Detector), LazyThreadSafetyMode.ExecutionAndPublication);

        endpoints.MapPost("/api/photos", (HttpRequest request, IGrainFactory grains, CancellationToken cancellation) =>
            Answer(request, grains, settings, defaultCampaign, detector, overlay: false, cancellation)).DisableAntiforgery();
        endpoints.MapPost("/api/photos/overlay", (HttpRequest request, IGrainFactory grains, CancellationToken cancellation) =>
            Answer(request, grains, settings, defaultCampaign, detector, overlay: true, cancellation)).DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> Answer(HttpRequest request, IGrainFactory grains, PhotoSettings settings, string? defaultCampaign,
        Lazy<FaceDetector> detector, bool overlay, CancellationToken cancellation)
    {
        try
        {
            var campaign = request.Query["campaign"].FirstOrDefault() ?? defaultCampaign;
            if (campaign is null) return Results.BadRequest(new { error = "Name the campaign whose models to use: ?campaign=ID." });
            if (CampaignIds.Problem(campaign) is { } bad) return Results.BadRequest(new { error = bad });
            var box = ParseBox(request.Query["box"].FirstOrDefault());
            var bytes = await PhotoBody.ReadAsync(request, settings.Limits.MaxBytes, cancellation);
            var photo = PhotoDecoder.Decode(bytes, settings.Limits); // unreadable photos are refused before any model is asked

            var campaigns = new CampaignClient(grains);
            var manifest = await campaigns.GetManifest(campaign);
            CropPredictor predict = async (faces, _) =>
            {
                var answer = await campaigns.PredictAsync(manifest, new FaceBatch(faces));
                return new CropKeypoints(answer.Coordinates, answer.Degraded);
            };
            var pipeline = new PhotoPipeline(detector.Value, predict, settings);
            var result = await pipeline.RunAsync(photo, box, cancellation);
            if (overlay) return Results.Bytes(PhotoOverlay.Png(result.Photo, result.Faces.Select(f => (f.Box, f.Keypoints))), "image/png");
            return Results.Ok(new
            {
                width = photo.Width, height = photo.Height, campaign, ensembleVersion = manifest.Version,
                faces = result.Faces.Select(f => new
                {
                    box = new { x = f.Box.X, y = f.Box.Y, width = f.Box.Width, height = f.Box.Height },
                    score = f.Box.Score,
                    keypoints = KeypointSchema.Keypoints.Select((name, k) => (name, k))
                        .ToDictionary(p => p.name, p => new { x = f.Keypoints[2 * p.k], y = f.Keypoints[2 * p.k + 1] }),
                    degraded = f.Degraded,
                }),
            });
        }
        catch (PhotoRejectedException rejected)
        {
            return Results.Json(new { error = $"The photo was refused: {rejected.Message}." },
                statusCode: rejected.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest);
        }
        catch (PhotoRequestException refused)
        {
            return Results.Json(new { error = refused.Message }, statusCode: refused.StatusCode);
        }
        catch (InvalidOperationException noModel) when (noModel.Message.Contains("no trained model", StringComparison.Ordinal))
        {
            return Results.NotFound(new { error = noModel.Message });
        }
        catch (FileNotFoundException noCascade)
        {
            return Results.Json(new { error = noCascade.Message }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary>x,y,width,height in photo pixels, or null when absent.</summary>
    private static FaceBox? ParseBox(string? text)
    {
        if (text is null) return null;
        var parts = text.Split(',');
        var values = new float[4];
        if (parts.Length != 4 || parts.Where((p, i) => !float.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])).Any()
            || values.Any(v => !float.IsFinite(v)) || values[2] < 1 || values[3] < 1)
            throw new PhotoRequestException(StatusCodes.Status400BadRequest, "'box' is x,y,width,height in photo pixels, width and height at least 1.");
        return new FaceBox(values[0], values[1], values[2], values[3]);
    }
}
