using System.Diagnostics;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Photos;

/// <summary>
/// Photo in, keypoints out: decode (upright, grey), find every face (or take the caller's box), frame each as the
/// training faces were framed, predict on the 96x96 crops in one call, and map the points back to the photo's pixels.
/// With <see cref="Reframings"/> &gt; 0 each face is framed again from its predicted points and predicted again.
/// </summary>
public sealed class PhotoPipeline(FaceDetector detector, CropPredictor predict, FaceFraming? framing = null, PhotoLimits? limits = null)
{
    public FaceFraming Framing { get; } = framing ?? FaceFraming.Fitted;
    public PhotoLimits Limits { get; } = limits ?? PhotoLimits.Default;
    public int Reframings { get; init; }

    public async Task<PhotoFaces> RunAsync(byte[] encoded, FaceBox? box = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var photo = PhotoDecoder.Decode(encoded, Limits);
        double decode = Lap(clock);
        var boxes = box is null ? detector.Detect(photo) : [box];
        double detect = Lap(clock);
        var (faces, frame, infer) = await FacesAsync(photo, boxes, boxes.Select(Framing.FromBox).ToArray(), cancellation);
        return new PhotoFaces(photo.Width, photo.Height, faces, new PhotoStageTimes(decode, detect, frame, infer));
    }

    /// <summary>Keypoints for given squares of a decoded photo (the true-keypoint framing of an evaluation, say).</summary>
    public async Task<(IReadOnlyList<PhotoFace> Faces, double FrameMs, double InferMs)> FacesAsync(GreyPhoto photo,
        IReadOnlyList<FaceBox> boxes, IReadOnlyList<PhotoCrop> crops, CancellationToken cancellation = default)
    {
        if (boxes.Count == 0) return ([], 0, 0);
        double frame = 0, infer = 0;
        var clock = Stopwatch.StartNew();
        var current = crops.ToArray();
        CropKeypoints answer;
        for (int pass = 0; ; pass++)
        {
            var pixels = new byte[current.Length * KeypointSchema.PixelCount];
            for (int f = 0; f < current.Length; f++) current[f].Render(photo).CopyTo(pixels, f * KeypointSchema.PixelCount);
            frame += Lap(clock);
            answer = await predict(pixels, cancellation);
            infer += Lap(clock);
            if (pass == Reframings) break;
            current = current.Select((crop, f) => FaceFraming.FromKeypoints(crop.ToPhoto(Face(answer, f)))).ToArray();
        }
        var faces = current.Select((crop, f) => new PhotoFace(boxes[f], crop, crop.ToPhoto(Face(answer, f)), answer.Degraded)).ToArray();
        return (faces, frame, infer);
    }

    private static ReadOnlySpan<float> Face(CropKeypoints answer, int face) =>
        answer.Coordinates.AsSpan(face * KeypointSchema.ColumnCount, KeypointSchema.ColumnCount);

    private static double Lap(Stopwatch clock)
    {
        double ms = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        return ms;
    }
}
