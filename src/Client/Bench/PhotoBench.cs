using KeypointGrains.Client.Commands;
using KeypointGrains.Client.Configuration;
using KeypointGrains.Keypoints.Performance;
using KeypointGrains.Keypoints.Photos;
using SkiaSharp;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Bench;

/// <summary>
/// kg bench photos: p50/p99 milliseconds of each stage (decode, detect, landmarks, frame, infer, total) from photo bytes to
/// keypoints, for a 640x480 JPEG with one face (made from the first labelled photo) and for the photos as they come.
/// </summary>
public sealed class PhotoBench : AsyncCommand<PhotoBenchSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, PhotoBenchSettings settings, CancellationToken cancellation)
    {
        Console.WriteLine(await RunAsync(KgConfiguration.Load(settings.ConfigFile), settings, cancellation));
        return 0;
    }

    private static async Task<BenchmarkFigures> RunAsync(KgConfiguration config, PhotoBenchSettings settings, CancellationToken cancellation)
    {
        var folder = config.Resolve(settings.Photos, "bench", "photos")
            ?? throw new UsageException("--photos is required: photos with true keypoints (keypoints.csv beside them or their images/ folder).");
        var photos = LabelledPhotos.Open(folder);
        var photoSettings = PhotoConfiguration.From(config);
        using var detector = new FaceDetector(photoSettings.Detector);
        var campaign = settings.Run is null ? ClusterAccess.CampaignOrLast(settings.Campaign) : null;
        await using var model = await PhotoModel.OpenAsync(config, campaign, settings.Run, settings.Connect, settings.Device, "bench", cancellation);
        var pipeline = new PhotoPipeline(detector, model.Predict, photoSettings);

        var figures = new BenchmarkFigures();
        figures.Add("model", model.Description);
        figures.Add("load_average", File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown");
        var jpeg = Jpeg640x480(await File.ReadAllBytesAsync(photos.PathOf(photos.Rows[0]), cancellation));
        int repeats = config.Resolve(settings.Repeats, "bench", "repeats", 50);
        var single = new List<PhotoFaces>();
        for (int run = 0; run < repeats + 3; run++)
        {
            var result = await pipeline.RunAsync(jpeg, cancellation: cancellation);
            if (run >= 3) single.Add(result); // the first runs load the models and warm the caches
        }
        figures.Add("jpeg640_faces", single[^1].Faces.Count);
        AddStages(figures, "jpeg640", single.Select(r => r.Times).ToArray());

        var times = new List<PhotoStageTimes>();
        foreach (var row in photos.Rows)
        {
            cancellation.ThrowIfCancellationRequested();
            times.Add((await pipeline.RunAsync(await File.ReadAllBytesAsync(photos.PathOf(row), cancellation), cancellation: cancellation)).Times);
        }
        figures.Add("photos", times.Count);
        AddStages(figures, "photos", times);
        return figures;
    }

    private static void AddStages(BenchmarkFigures figures, string prefix, IReadOnlyList<PhotoStageTimes> times)
    {
        foreach (var (stage, of) in new (string, Func<PhotoStageTimes, double>)[]
                 { ("decode", t => t.Decode), ("detect", t => t.Detect), ("landmarks", t => t.Landmarks), ("frame", t => t.Frame), ("infer", t => t.Infer), ("total", t => t.Total) })
        {
            var samples = times.Select(of).ToArray();
            figures.Add($"{prefix}_{stage}_p50_ms", LatencyPercentiles.Of(samples, 0.5));
            figures.Add($"{prefix}_{stage}_p99_ms", LatencyPercentiles.Of(samples, 0.99));
        }
    }

    /// <summary>A photo scaled to 480 rows and centred on a 640x480 grey canvas, as a JPEG of quality 90.</summary>
    public static byte[] Jpeg640x480(byte[] encoded)
    {
        using var source = SKBitmap.Decode(encoded) ?? throw new InvalidDataException("The first labelled photo does not decode.");
        using var surface = SKSurface.Create(new SKImageInfo(640, 480, SKColorType.Rgba8888, SKAlphaType.Opaque));
        surface.Canvas.Clear(new SKColor(128, 128, 128));
        float scale = Math.Min(480f / source.Height, 640f / source.Width);
        float width = source.Width * scale, height = source.Height * scale;
        using var image = SKImage.FromBitmap(source);
        surface.Canvas.DrawImage(image, SKRect.Create((640 - width) / 2, (480 - height) / 2, width, height),
            new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        using var snapshot = surface.Snapshot();
        using var jpeg = snapshot.Encode(SKEncodedImageFormat.Jpeg, 90);
        return jpeg.ToArray();
    }
}
