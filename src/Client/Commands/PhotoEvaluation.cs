using KeypointGrains.Client.Configuration;
using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Performance;
using KeypointGrains.Keypoints.Photos;

namespace KeypointGrains.Client.Commands;

/// <summary>
/// kg evaluate --photos: the models on photos with true keypoints, framed by the detector and, for comparison, by the
/// true keypoints (the best any framing can do for these models), and by those squares moved as much as the detector's
/// framing strays (<see cref="FramingJitter"/>); NME as <see cref="PhotoScore"/> defines it, as key=value lines.
/// </summary>
public static class PhotoEvaluation
{
    /// <summary>Faces per call: small enough that a call finishes within its timeout on a loaded silo.</summary>
    private const int Chunk = 16;

    private const int JitterSeed = 21;

    public static async Task<int> RunAsync(KgConfiguration config, ModelDataSettings settings, CancellationToken cancellation)
    {
        var photos = LabelledPhotos.Open(settings.Photos!);
        var photoSettings = PhotoConfiguration.From(config);
        int reframings = settings.Reframe ?? photoSettings.Reframings;
        using var detector = new FaceDetector(photoSettings.Detector);
        await using var model = await PhotoModel.OpenAsync(config, settings, "evaluate", cancellation);

        var decoded = new List<GreyPhoto>();
        var detected = new List<(int Row, FaceBox Box)>();
        foreach (var (row, index) in photos.Rows.Select((r, i) => (r, i)))
        {
            cancellation.ThrowIfCancellationRequested();
            var photo = PhotoDecoder.Decode(await File.ReadAllBytesAsync(photos.PathOf(row), cancellation), photoSettings.Limits);
            decoded.Add(photo);
            var boxes = detector.Detect(photo);
            int match = LabelledPhotos.MatchingBox(boxes, row.Coordinates);
            if (match >= 0) detected.Add((index, boxes[match]));
        }
        var framing = FaceFraming.Fitted;
        var byDetector = await FramedPrediction.RunAsync(model.Predict, detected.Select(d => decoded[d.Row]).ToArray(),
            detected.Select(d => framing.FromBox(d.Box)).ToArray(), reframings, Chunk, cancellation);
        var truthSquares = photos.Rows.Select(r => FaceFraming.FromKeypoints(r.Coordinates)).ToArray();
        var byTruth = await FramedPrediction.RunAsync(model.Predict, decoded, truthSquares, chunk: Chunk, cancellation: cancellation);
        // The true squares moved by errors drawn from the detector's measured spread: what that much framing noise
        // costs these models, apart from the detector's misses and outliers.
        var jitter = new FramingJitter();
        var draws = new Random(JitterSeed);
        var byJitteredTruth = await FramedPrediction.RunAsync(model.Predict, decoded,
            truthSquares.Select(t => jitter.DrawError(draws).From(t)).ToArray(), chunk: Chunk, cancellation: cancellation);

        var detectorNme = Enumerable.Repeat(double.PositiveInfinity, photos.Rows.Count).ToArray();
        foreach (var ((row, _), face) in detected.Select((d, i) => (d, i)))
            detectorNme[row] = PhotoScore.Nme(byDetector.Points[face], photos.Rows[row].Coordinates);
        var truthNme = photos.Rows.Select((r, i) => PhotoScore.Nme(byTruth.Points[i], r.Coordinates)).ToArray();
        var jitteredNme = photos.Rows.Select((r, i) => PhotoScore.Nme(byJitteredTruth.Points[i], r.Coordinates)).ToArray();

        var figures = new BenchmarkFigures();
        figures.Add("model", model.Description);
        figures.Add("reframings", reframings);
        Add(figures, "detector", PhotoScore.Summarise(detectorNme));
        Add(figures, "true_framing", PhotoScore.Summarise(truthNme));
        Add(figures, "jittered_true_framing", PhotoScore.Summarise(jitteredNme));
        figures.Add("nme_ratio", Fine(PhotoScore.Summarise(detectorNme).MeanNme / PhotoScore.Summarise(truthNme).MeanNme));
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
