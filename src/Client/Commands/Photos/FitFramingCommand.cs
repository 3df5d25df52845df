using System.Diagnostics;
using System.Globalization;
using KeypointGrains.Client.Configuration;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Performance;
using KeypointGrains.Keypoints.Photos;
using KeypointGrains.Keypoints.Schema;
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
            MaxScanSide = settings.MaxScanSide ?? defaults.MaxScanSide,
            LandmarkRegion = settings.LandmarkRegion ?? defaults.LandmarkRegion,
            Landmarks = false,
        };
        using var detector = new FaceDetector(detectorSettings);
        var photos = LabelledPhotos.Open(folder);
        var pairs = new List<(FaceBox, PhotoCrop)>();
        var matched = new List<int>();
        var rolls = new List<double>();
        var times = new List<double>();
        int largestIsTrue = 0, extraFaces = 0;
        var decoded = new List<GreyPhoto>();
        foreach (var row in photos.Rows)
        {
            cancellation.ThrowIfCancellationRequested();
            var photo = PhotoDecoder.Decode(File.ReadAllBytes(photos.PathOf(row)));
            decoded.Add(photo);
            var clock = Stopwatch.StartNew();
            var boxes = detector.Detect(photo);
            times.Add(clock.Elapsed.TotalMilliseconds);
            int match = LabelledPhotos.MatchingBox(boxes, row.Coordinates);
            if (match < 0) continue;
            if (match == 0) largestIsTrue++;
            extraFaces += boxes.Count - 1;
            pairs.Add((boxes[match], FaceFraming.FromKeypoints(row.Coordinates)));
            matched.Add(decoded.Count - 1);
            rolls.Add(FramingError.RollDegrees(row.Coordinates));
        }
        var fit = FramingFit.Fit(pairs);
        var figures = new BenchmarkFigures();
        figures.Add("cascade", Path.GetFileName(detectorSettings.CascadePath));
        figures.Add("min_neighbors", detectorSettings.MinNeighbors);
        figures.Add("scale_factor", detectorSettings.ScaleFactor);
        figures.Add("margin", detectorSettings.Margin);
        figures.Add("max_scan_side", detectorSettings.MaxScanSide);
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
        AddSpread(figures, "detector_error", FramingErrorSpread.Of(fit.Errors, rolls));
        var distances = fit.Errors.Select(e => e.Distance).ToArray();
        figures.Add("detector_error_offset_p90_crop_px", LatencyPercentiles.Of(distances, 0.9));
        figures.Add("detector_error_offset_p99_crop_px", LatencyPercentiles.Of(distances, 0.99));
        var scales = fit.Errors.Select(e => Math.Abs(Math.Log(e.Scale))).ToArray();
        figures.Add("detector_error_scale_p90_percent", Percent(LatencyPercentiles.Of(scales, 0.9)));
        if (settings.Landmarks)
            AddLandmarkFit(figures, detectorSettings, settings.LandmarkPoints ?? LandmarkFraming.Landmarks, photos, decoded, matched, pairs,
                fit.Framing, cancellation);
        if (config.Resolve(settings.Data, "fit-framing", "data") is { } data)
            AddSpread(figures, "training_framing", TrainingFraming(data));
        Console.WriteLine(figures);
        return 0;
    }

    /// <summary>
    /// BlazeFace's landmarks round each matched box: how often it finds them, the landmark framing fitted on them and how
    /// far it strays from the true squares, from the landmarks alone and blended with the box (the box alone where no
    /// landmarks were found); and BlazeFace as the detector outright (on the whole photo, squared): how many labelled faces
    /// it finds.
    /// </summary>
    /// <param name="matched">For each of <paramref name="pairs"/>, the index of its photo.</param>
    private static void AddLandmarkFit(BenchmarkFigures figures, DetectorSettings detectorSettings, int points, LabelledPhotos photos,
        IReadOnlyList<GreyPhoto> decoded, IReadOnlyList<int> matched, IReadOnlyList<(FaceBox Box, PhotoCrop Truth)> pairs,
        FaceFraming boxFraming, CancellationToken cancellation)
    {
        using var refiner = LandmarkRefiner.From(detectorSettings);
        var found = new List<(FaceLandmarks, PhotoCrop, PhotoCrop)>();
        var faces = new FaceLandmarks?[pairs.Count];
        var times = new List<double>();
        for (int i = 0; i < pairs.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            faces[i] = refiner.Find(decoded[matched[i]], pairs[i].Box);
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (faces[i] is { } face) found.Add((face, boxFraming.FromBox(pairs[i].Box), pairs[i].Truth));
        }
        var framing = LandmarkFraming.Fit(found, points);
        var alone = found.Select(f => FramingError.Between(framing.FromLandmarks(f.Item1), f.Item3)).ToArray();
        var combined = pairs.Select((p, i) => FramingError.Between(
            faces[i] is { } face ? framing.Frame(face, boxFraming.FromBox(p.Box)) : boxFraming.FromBox(p.Box), p.Truth)).ToArray();
        figures.Add("landmark_region", detectorSettings.LandmarkRegion);
        figures.Add("landmark_points", points);
        figures.Add("landmarks_found_percent", 100.0 * found.Count / pairs.Count);
        figures.Add("landmarks_p50_ms", LatencyPercentiles.Of(times, 0.5));
        figures.Add("landmarks_p99_ms", LatencyPercentiles.Of(times, 0.99));
        figures.Add("landmark_template", string.Join(",", framing.Template.Select(v => v.ToString("0.000", CultureInfo.InvariantCulture))));
        figures.Add("landmark_centre_error_rms_crop_px", FramingError.CentreRms(alone));
        figures.Add("landmark_scale_error_rms_percent", FramingError.ScaleRmsPercent(alone));
        figures.Add("landmark_centre_weight", Exact(framing.CentreWeight));
        figures.Add("landmark_size_weight", Exact(framing.SizeWeight));
        figures.Add("blended_centre_error_rms_crop_px", FramingError.CentreRms(combined));
        figures.Add("blended_scale_error_rms_percent", FramingError.ScaleRmsPercent(combined));
        figures.Add("blended_offset_p90_crop_px", LatencyPercentiles.Of(combined.Select(e => e.Distance).ToArray(), 0.9));
        int alsoDetector = photos.Rows.Select((row, i) =>
            LabelledPhotos.MatchingBox(refiner.FindAll(decoded[i]).Select(f => f.Box).ToArray(), row.Coordinates)).Count(match => match >= 0);
        figures.Add("blazeface_whole_photo_found_percent", 100.0 * alsoDetector / photos.Rows.Count);
    }

    /// <summary>
    /// How the training file's own crops stray from the squares placed from their points (complete rows): the framing
    /// noise the models already learnt to take.
    /// </summary>
    private static FramingErrorSpread TrainingFraming(string path)
    {
        var faces = KaggleCsvReader.ReadTraining(path);
        // Pixel centres at whole coordinates: the 96x96 face itself is the square from -0.5 to 95.5.
        var whole = new PhotoCrop(-0.5, -0.5, KeypointSchema.ImageSize);
        var complete = Enumerable.Range(0, faces.Count).Select(f => faces.Target(f).ToArray()).Where(t => !t.Any(float.IsNaN)).ToArray();
        return FramingErrorSpread.Of(complete.Select(t => FramingError.Between(whole, FaceFraming.FromKeypoints(t))).ToArray(),
            complete.Select(t => FramingError.RollDegrees(t)).ToArray());
    }

    private static void AddSpread(BenchmarkFigures figures, string prefix, FramingErrorSpread spread)
    {
        figures.Add($"{prefix}_faces", spread.Faces);
        figures.Add($"{prefix}_offset_x_mean_crop_px", spread.OffsetXMean);
        figures.Add($"{prefix}_offset_x_sd_crop_px", spread.OffsetXSd);
        figures.Add($"{prefix}_offset_y_mean_crop_px", spread.OffsetYMean);
        figures.Add($"{prefix}_offset_y_sd_crop_px", spread.OffsetYSd);
        figures.Add($"{prefix}_scale_mean_percent", Percent(spread.LogScaleMean));
        figures.Add($"{prefix}_scale_sd_percent", Percent(spread.LogScaleSd));
        figures.Add($"{prefix}_roll_mean_degrees", spread.RollMean);
        figures.Add($"{prefix}_roll_sd_degrees", spread.RollSd);
    }

    /// <summary>A logarithm of a scale as the percentage it grows by.</summary>
    private static double Percent(double logScale) => 100 * (Math.Exp(logScale) - 1);

    private static string Exact(double value) => value.ToString("0.00000", CultureInfo.InvariantCulture);
}
