using KeypointGrains.Client.Configuration;
using KeypointGrains.Keypoints.Photos;
using KeypointGrains.Keypoints.Storage;
using Spectre.Console;

namespace KeypointGrains.Client.Commands;

/// <summary>
/// kg predict --images: the keypoints of each photo's largest face in its own pixels, as photos/keypoints.csv lays them
/// out (empty fields for a photo without a face). A photo that cannot be read is named with its problem on stderr, its
/// row left empty, and kg ends with 1.
/// </summary>
public static class PhotoPredict
{
    public static async Task<int> RunAsync(KgConfiguration config, ModelDataSettings settings, CancellationToken cancellation)
    {
        var output = config.Resolve(settings.Out, "predict", "out", "predictions.csv");
        var files = settings.Images!.SelectMany(Expand).ToArray();
        if (files.Length == 0) throw new UsageException("--images names no photo: give image files or folders that hold them.");
        var photoSettings = PhotoConfiguration.From(config);
        photoSettings = photoSettings with { Reframings = settings.Reframe ?? photoSettings.Reframings };
        using var detector = new FaceDetector(photoSettings.Detector);
        await using var model = await PhotoModel.OpenAsync(config, settings, "predict", cancellation);
        var pipeline = new PhotoPipeline(detector, model.Predict, photoSettings);
        var rows = new List<PhotoKeypoints>();
        int rejected = 0, found = 0;
        foreach (var file in files)
        {
            cancellation.ThrowIfCancellationRequested();
            var empty = Enumerable.Repeat(float.NaN, Keypoints.Schema.KeypointSchema.ColumnCount).ToArray();
            try
            {
                var result = await pipeline.RunAsync(await File.ReadAllBytesAsync(file, cancellation), cancellation: cancellation);
                rows.Add(new PhotoKeypoints(Path.GetFileName(file), result.Faces.Count > 0 ? result.Faces[0].Keypoints : empty));
                if (result.Faces.Count > 0) found++;
                if (settings.Overlay is { } folder)
                    AtomicFile.Write(Path.Combine(folder, Path.GetFileNameWithoutExtension(file) + ".png"),
                        s => s.Write(PhotoOverlay.Png(result.Photo, result.Faces.Select(f => (f.Box, f.Keypoints)))));
            }
            catch (PhotoRejectedException problem)
            {
                rejected++;
                rows.Add(new PhotoKeypoints(Path.GetFileName(file), empty));
                Console.Error.WriteLine($"kg: {file}: {problem.Message}");
            }
        }
        PhotoKeypointsFile.Write(output, rows);
        AnsiConsole.MarkupLineInterpolated($"Wrote {rows.Count} photos ({found} with a face, {rejected} unreadable) to {output} with {model.Description}.");
        return rejected > 0 ? 1 : 0;
    }

    /// <summary>A file as it is; a folder's files (not its subfolders, not its .csv files), by name.</summary>
    private static IEnumerable<string> Expand(string path) =>
        Directory.Exists(path)
            ? Directory.EnumerateFiles(path).Where(f => !f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal)
            : File.Exists(path) ? [path] : throw new UsageException($"--images: '{path}' is neither a file nor a folder.");
}
