using System.Diagnostics;
using System.Globalization;
using KeypointGrains.Client.Configuration;
using KeypointGrains.Keypoints.Performance;
using KeypointGrains.Keypoints.Photos;
using Spectre.Console.Cli;

namespace KeypointGrains.Client.Commands;

/// <summary>
/// kg fit-framing: runs the detector on photos with true keypoints and fits the box-to-square framing
/// (<see cref="FaceFraming"/>) against the squares placed from the true points; prints the fit as key=value lines.
/// </summary>
public sealed class FitFramingCommand : Command<FitFramingSettings>
{
    public override int Execute(CommandContext context, FitFramingSettings settings, CancellationToken cancellation)
    {
        var config = KgConfiguration.Load(settings.ConfigFile);
        var folder = config.Resolve(settings.Photos, "fit-framing", "photos") ?? throw new UsageException("--photos is required: a folder with keypoints.csv.");
        var defaults = PhotoConfiguration.From(config).Detector;
        var detectorSettings = defaults with
        {
            Cascade = settings.Cascade ?? defaults.Cascade,
            MinNeighbors = settings.MinNeighbors ?? defaults.MinNeighbors,
            ScaleFactor = settings.ScaleFactor ?? defaults.ScaleFactor,
            Margin = settings.Margin ?? defaults.Margin,
        };
        using var detector = new FaceDetector(detectorSettings);
        var photos = LabelledPhotos.Open(folder);
        var pairs = new List<(FaceBox, PhotoCrop)>();
        var times = new List<double>();
        int largestIsTrue = 0, extraFaces = 0;
        foreach (var row in photos.Rows)
        {
            cancellation.ThrowIfCancellationRequested();
            var photo = PhotoDecoder.Decode(File.ReadAllBytes(photos.PathOf(row)));
            var clock = Stopwatch.StartNew();
            var boxes = detector.Detect(photo);
            times.Add(clock.Elapsed.TotalMilliseconds);
            int match = LabelledPhotos.MatchingBox(boxes, row.Coordinates);
            if (match < 0) continue;
            if (match == 0) largestIsTrue++;
            extraFaces += boxes.Count - 1;
            pairs.Add((boxes[match], FaceFraming.FromKeypoints(row.Coordinates)));
        }
        var fit = FramingFit.Fit(pairs);
        var figures = new BenchmarkFigures();
        figures.Add("cascade", Path.GetFileName(detectorSettings.CascadePath));
        figures.Add("min_neighbors", detectorSettings.MinNeighbors);
        figures.Add("scale_factor", detectorSettings.ScaleFactor);
        figures.Add("margin", detectorSettings.Margin);
        figures.Add("photos", photos.Rows.Count);
        figures.Add("found", fit.Faces);
        figures.Add("found_percent", 100.0 * fit.Faces / photos.Rows.Count);
        figures.Add("largest_is_labelled_percent", 100.0 * largestIsTrue / photos.Rows.Count);
        figures.Add("other_boxes", extraFaces);
        figures.Add("detect_p50_ms", LatencyPercentiles.Of(times, 0.5));
        figures.Add("detect_p99_ms", LatencyPercentiles.Of(times, 0.99));
        figures.Add("side_over_box", Exact(fit.Framing.SideOverBox));
        figures.Add("shift_x", Exact(fit.Framing.ShiftX));
        figures.Add("shift_y", Exact(fit.Framing.ShiftY));
        figures.Add("side_over_box_sd", fit.SideSpread);
        figures.Add("shift_x_sd", fit.ShiftXSpread);
        figures.Add("shift_y_sd", fit.ShiftYSpread);
        figures.Add("centre_error_rms_crop_px", fit.CentreErrorCropPx);
        figures.Add("scale_error_rms_percent", fit.ScaleErrorPercent);
        Console.WriteLine(figures);
        return 0;
    }

    private static string Exact(double value) => value.ToString("0.00000", CultureInfo.InvariantCulture);
}
