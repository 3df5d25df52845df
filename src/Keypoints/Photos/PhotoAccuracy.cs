using KeypointGrains.Keypoints.Augment;

namespace KeypointGrains.Keypoints.Photos;

/// <summary>
/// Models measured on photos with true keypoints: each photo's labelled face framed by the detector (the box that holds
/// its true points, with its landmarks where they are on: <see cref="FaceDetector.Frame"/>) and, for comparison, by its true keypoints (the best any framing can do for these models); NME as
/// <see cref="PhotoScore"/> defines it, infinite for a photo whose face the detector missed; and the true squares moved by
/// errors drawn from the detector framing's measured spread (<see cref="FramingJitter"/>): what that much framing noise
/// costs the models, apart from the detector's misses and outliers.
/// </summary>
/// <param name="Photos">The photos, upright and grey, in the order of <c>Labelled.Rows</c>.</param>
/// <param name="Boxes">The detector's box of each photo's labelled face, null where it found none.</param>
/// <param name="DetectorPoints">30 photo coordinates per photo from the detector's framing, null where no face was found.</param>
public sealed record PhotoAccuracy(LabelledPhotos Labelled, IReadOnlyList<GreyPhoto> Photos, IReadOnlyList<FaceBox?> Boxes,
    IReadOnlyList<float[]?> DetectorPoints, IReadOnlyList<double> DetectorNme, IReadOnlyList<double> TrueFramingNme,
    IReadOnlyList<double> JitteredTrueFramingNme)
{
    /// <summary>Faces per call: small enough that a call finishes within its timeout on a loaded silo.</summary>
    private const int Chunk = 16;

    private const int JitterSeed = 21;

    public PhotoScoreSummary Detector => PhotoScore.Summarise(DetectorNme);

    public PhotoScoreSummary TrueFraming => PhotoScore.Summarise(TrueFramingNme);

    public PhotoScoreSummary JitteredTrueFraming => PhotoScore.Summarise(JitteredTrueFramingNme);

    /// <summary>NME with the detector over NME with true framing: what the framing costs the models (1: nothing).</summary>
    public double NmeRatio => Detector.MeanNme / TrueFraming.MeanNme;

    public static async Task<PhotoAccuracy> MeasureAsync(LabelledPhotos labelled, CropPredictor predict, FaceDetector detector,
        PhotoLimits limits, int reframings, CancellationToken cancellation = default)
    {
        var photos = new List<GreyPhoto>();
        var boxes = new FaceBox?[labelled.Rows.Count];
        foreach (var (row, index) in labelled.Rows.Select((r, i) => (r, i)))
        {
            cancellation.ThrowIfCancellationRequested();
            var photo = PhotoDecoder.Decode(await File.ReadAllBytesAsync(labelled.PathOf(row), cancellation), limits);
            photos.Add(photo);
            var found = detector.Detect(photo);
            int match = LabelledPhotos.MatchingBox(found, row.Coordinates);
            if (match >= 0) boxes[index] = found[match];
        }
        var detected = Enumerable.Range(0, boxes.Length).Where(i => boxes[i] is not null).ToArray();
        var byDetector = await FramedPrediction.RunAsync(predict, detected.Select(i => photos[i]).ToArray(),
            detected.Select(i => detector.Frame(photos[i], boxes[i]!, FaceFraming.Fitted)).ToArray(), reframings, Chunk, cancellation);
        var truthSquares = labelled.Rows.Select(r => FaceFraming.FromKeypoints(r.Coordinates)).ToArray();
        var byTruth = await FramedPrediction.RunAsync(predict, photos, truthSquares, chunk: Chunk, cancellation: cancellation);
        var jitter = new FramingJitter();
        var draws = new Random(JitterSeed);
        var byJitteredTruth = await FramedPrediction.RunAsync(predict, photos,
            truthSquares.Select(t => jitter.DrawError(draws).From(t)).ToArray(), chunk: Chunk, cancellation: cancellation);

        var points = new float[]?[labelled.Rows.Count];
        var detectorNme = Enumerable.Repeat(double.PositiveInfinity, labelled.Rows.Count).ToArray();
        foreach (var (row, face) in detected.Select((row, face) => (row, face)))
        {
            points[row] = byDetector.Points[face];
            detectorNme[row] = PhotoScore.Nme(byDetector.Points[face], labelled.Rows[row].Coordinates);
        }
        var truthNme = labelled.Rows.Select((r, i) => PhotoScore.Nme(byTruth.Points[i], r.Coordinates)).ToArray();
        var jitteredNme = labelled.Rows.Select((r, i) => PhotoScore.Nme(byJitteredTruth.Points[i], r.Coordinates)).ToArray();
        return new PhotoAccuracy(labelled, photos, boxes, points, detectorNme, truthNme, jitteredNme);
    }
}
