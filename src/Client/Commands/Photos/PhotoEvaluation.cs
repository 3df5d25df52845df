using KeypointGrains.Client.Configuration;
using KeypointGrains.Keypoints.Performance;
using KeypointGrains.Keypoints.Photos;

namespace KeypointGrains.Client.Commands;

/// <summary>
/// kg evaluate --photos: the models on photos with true keypoints, framed by the detector, by the true keypoints, and by
/// those squares moved as much as the detector's framing strays (<see cref="PhotoAccuracy"/>), as key=value lines.
/// </summary>
public static class PhotoEvaluation
{
    public static async Task<int> RunAsync(KgConfiguration config, ModelDataSettings settings, CancellationToken cancellation)
    {
        var photos = LabelledPhotos.Open(settings.Photos!);
        var photoSettings = PhotoConfiguration.From(config);
        int reframings = settings.Reframe ?? photoSettings.Reframings;
        using var detector = new FaceDetector(photoSettings.Detector);
        await using var model = await PhotoModel.OpenAsync(config, settings, "evaluate", cancellation);
        var accuracy = await PhotoAccuracy.MeasureAsync(photos, model.Predict, detector, photoSettings.Limits, reframings, cancellation);

        var figures = new BenchmarkFigures();
        figures.Add("model", model.Description);
        figures.Add("reframings", reframings);
        Add(figures, "detector", accuracy.Detector);
        Add(figures, "true_framing", accuracy.TrueFraming);
        Add(figures, "jittered_true_framing", accuracy.JitteredTrueFraming);
        figures.Add("nme_ratio", Fine(accuracy.NmeRatio));
        Console.WriteLine(figures);
        return 0;
    }

    private static void Add(BenchmarkFigures figures, string prefix, PhotoScoreSummary summary)
    {
        figures.Add($"{prefix}_photos", summary.Photos);
        figures.Add($"{prefix}_found_percent", 100 * summary.FoundRate);
        figures.Add($"{prefix}_nme_mean", Fine(summary.MeanNme));
        figures.Add($"{prefix}_nme_median", Fine(summary.MedianNme));
        figures.Add($"{prefix}_failure_percent", 100 * summary.FailureRate);
        figures.Add($"{prefix}_auc", Fine(summary.Auc));
    }

    private static string Fine(double value) => value.ToString("0.00000", System.Globalization.CultureInfo.InvariantCulture);
}
