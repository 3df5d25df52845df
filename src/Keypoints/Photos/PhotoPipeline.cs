using System.Diagnostics;

namespace KeypointGrains.Keypoints.Photos;

/// <summary>
/// Photo in, keypoints out: decode (upright, grey), find every face (or take the caller's box), frame each as the
/// training faces were framed, predict on the 96x96 crops in one call, and map the points back to the photo's pixels.
/// </summary>
public sealed class PhotoPipeline(FaceDetector detector, CropPredictor predict, PhotoSettings? settings = null, FaceFraming? framing = null)
{
    public PhotoSettings Settings { get; } = settings ?? new PhotoSettings();
    public FaceFraming Framing { get; } = framing ?? FaceFraming.Fitted;

    public Task<PhotoFaces> RunAsync(byte[] encoded, FaceBox? box = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var photo = PhotoDecoder.Decode(encoded, Settings.Limits);
        return RunAsync(photo, box, cancellation, decodeMs: clock.Elapsed.TotalMilliseconds);
    }

    /// <summary>The faces of a photo decoded already (<paramref name="decodeMs"/>: what decoding it took).</summary>
    public async Task<PhotoFaces> RunAsync(GreyPhoto photo, FaceBox? box, CancellationToken cancellation = default, double decodeMs = 0)
    {
        var clock = Stopwatch.StartNew();
        double decode = decodeMs;
        var boxes = box is null ? detector.Detect(photo) : [box];
        double detect = clock.Elapsed.TotalMilliseconds;
        if (boxes.Count == 0) return new PhotoFaces(photo, [], new PhotoStageTimes(decode, detect, 0, 0, 0));
        clock.Restart();
        var squares = boxes.Select(b => detector.Frame(photo, b, Framing)).ToArray();
        double landmarks = clock.Elapsed.TotalMilliseconds;
        var result = await FramedPrediction.RunAsync(predict, boxes.Select(_ => photo).ToArray(), squares, Settings.Reframings, cancellation: cancellation);
        var faces = boxes.Select((b, f) => new PhotoFace(b, result.Crops[f], result.Points[f], result.Degraded[f])).ToArray();
        return new PhotoFaces(photo, faces, new PhotoStageTimes(decode, detect, landmarks, result.FrameMs, result.InferMs));
    }
}
