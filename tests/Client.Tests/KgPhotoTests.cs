using KeypointGrains.Keypoints.Photos;
using SkiaSharp;

namespace KeypointGrains.Client.Tests;

/// <summary>kg predict --images and kg evaluate --photos, in-process, with a mean-face model (the pipeline is what is tested).</summary>
[Collection(KgConsoleCollection.Name)]
public class KgPhotoTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("kg-photos-").FullName;

    [SkippableFact]
    public async Task Predict_writes_a_row_per_photo_in_its_pixels_and_names_each_unreadable_one()
    {
        var labelled = LabelledPhotos.Open(TestData.Photos());
        var run = await MeanModel();
        var images = Directory.CreateDirectory(Path.Combine(folder, "images")).FullName;
        var real = labelled.Rows.Take(2).ToArray();
        foreach (var row in real) File.Copy(labelled.PathOf(row), Path.Combine(images, row.Image));
        var png = TestPhotos.Encode(40, 30, (_, _) => SKColors.Gray, SKEncodedImageFormat.Png);
        File.WriteAllBytes(Path.Combine(images, "png-named.jpg"), png);
        File.WriteAllBytes(Path.Combine(images, "rotated.jpg"), TestPhotos.WithExifOrientation(
            TestPhotos.Encode(40, 30, (_, _) => SKColors.Gray, SKEncodedImageFormat.Jpeg), 6));
        File.Copy(TestPhotos.File("cmyk.jpg"), Path.Combine(images, "cmyk.jpg"));
        File.Copy(TestPhotos.File("animated.gif"), Path.Combine(images, "animated.gif"));
        File.WriteAllBytes(Path.Combine(images, "one-pixel.png"), TestPhotos.Encode(1, 1, (_, _) => SKColors.White, SKEncodedImageFormat.Png));
        File.WriteAllBytes(Path.Combine(images, "empty.jpg"), []);
        File.WriteAllText(Path.Combine(images, "notes.jpg"), "not a photo");
        File.WriteAllBytes(Path.Combine(images, "huge.png"), TestPhotos.HugePng());
        var output = Path.Combine(folder, "predictions.csv");
        var overlays = Path.Combine(folder, "overlays");

        var errors = new StringWriter();
        var console = Console.Error;
        Console.SetError(errors);
        int exit;
        try { exit = await KgApp.RunAsync(["predict", "--run", run, "--images", images, "--out", output, "--overlay", overlays]); }
        finally { Console.SetError(console); }

        Assert.Equal(1, exit); // some photos could not be read
        var rows = PhotoKeypointsFile.Read(output).ToDictionary(r => r.Image);
        Assert.Equal(10, rows.Count);
        var lines = errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.Contains("empty.jpg") && l.Contains("empty"));
        Assert.Contains(lines, l => l.Contains("notes.jpg") && l.Contains("not an image"));
        Assert.Contains(lines, l => l.Contains("huge.png") && l.Contains("30000x30000"));
        foreach (var unreadable in new[] { "empty.jpg", "notes.jpg", "huge.png", "png-named.jpg", "one-pixel.png" })
            Assert.All(rows[unreadable].Coordinates, v => Assert.True(float.IsNaN(v))); // no face in these
        foreach (var row in real)
        {
            // The face the detector found, in the photo's own pixels: near the true points (a mean face, framed by the box).
            var predicted = rows[row.Image].Coordinates;
            Assert.InRange(PhotoScore.Nme(predicted, row.Coordinates), 0, 0.3);
            Assert.True(File.Exists(Path.Combine(overlays, Path.GetFileNameWithoutExtension(row.Image) + ".png")));
        }
    }

    [SkippableFact]
    public async Task Evaluate_scores_the_detector_framing_against_the_true_keypoint_framing()
    {
        var run = await MeanModel();

        var figures = await Figures(["evaluate", "--run", run, "--photos", PhotoSubsets.Write(folder, "subset", 6)]);

        Assert.Equal("6", figures["detector_photos"]);
        Assert.Equal("100", figures["true_framing_found_percent"]);
        foreach (var key in new[] { "detector_nme_mean", "detector_nme_median", "detector_failure_percent", "detector_auc", "true_framing_nme_mean", "jittered_true_framing_nme_mean", "nme_ratio" })
            Assert.True(double.TryParse(figures[key], System.Globalization.CultureInfo.InvariantCulture, out _), key);
        // A mean face placed where the true points say fits them better than chance: NME well under 0.3.
        Assert.InRange(double.Parse(figures["true_framing_nme_mean"], System.Globalization.CultureInfo.InvariantCulture), 0, 0.3);
    }

    [SkippableFact]
    public async Task Fit_framing_prints_the_detector_framings_error_spread_beside_the_training_crops_own()
    {
        var figures = await Figures(["fit-framing", "--photos", PhotoSubsets.Write(folder, "subset", 8), "--data", TrainingSlice.Write(folder, 300), "--max-scan-side", "200"]);

        double Figure(string key) => double.Parse(figures[key], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("200", figures["max_scan_side"]);
        Assert.Equal(Figure("found"), Figure("detector_error_faces"));
        Assert.InRange(Figure("detector_error_offset_x_sd_crop_px"), 0, 10);
        Assert.InRange(Figure("detector_error_scale_sd_percent"), 0, 30);
        // The training crops were cut on their points' square give or take a random scale: on average they sit on it.
        Assert.InRange(Figure("training_framing_faces"), 100, 300);
        Assert.InRange(Figure("training_framing_scale_mean_percent"), -2, 2);
        Assert.InRange(Figure("training_framing_offset_x_mean_crop_px"), -1, 1);
    }

    [SkippableFact]
    public async Task Fit_framing_with_landmarks_prints_a_blend_that_strays_less_than_either_square()
    {
        var figures = await Figures(["fit-framing", "--photos", PhotoSubsets.Write(folder, "subset", 8), "--landmarks"]);

        double Figure(string key) => double.Parse(figures[key], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(100, Figure("landmarks_found_percent"));
        Assert.Equal(8, figures["landmark_template"].Split(',').Length); // eyes, nose tip, mouth centre
        // The weight is fitted by least squares on these faces, so the blend is at least as near the true squares as
        // either square alone (the box's at weight 0, the landmarks' at 1).
        double blended = Figure("blended_centre_error_rms_crop_px");
        Assert.True(blended <= Figure("centre_error_rms_crop_px") + 1e-3, $"blend {blended}, box {figures["centre_error_rms_crop_px"]}");
        Assert.True(blended <= Figure("landmark_centre_error_rms_crop_px") + 1e-3, $"blend {blended}, landmarks {figures["landmark_centre_error_rms_crop_px"]}");
    }

    /// <summary>Runs kg, which must succeed, and reads the key=value lines it printed.</summary>
    private static async Task<Dictionary<string, string>> Figures(string[] args)
    {
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try { Assert.Equal(0, await KgApp.RunAsync(args)); }
        finally { Console.SetOut(console); }
        return output.ToString().Split('\n').Where(l => l.Contains('=')).Select(l => l.Trim().Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
    }

    private async Task<string> MeanModel()
    {
        var run = Path.Combine(folder, "mean");
        Assert.Equal(0, await KgApp.RunAsync(["train", "--data", TrainingSlice.Write(folder, 120), "--network", "mean", "--out", run]));
        return run;
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
