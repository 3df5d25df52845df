using System.Diagnostics;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Photos;

/// <summary>
/// Keypoints for squares of photos: each square rendered to a 96x96 face, the faces predicted in calls of at most
/// <c>chunk</c>, the points mapped back to photo pixels; with <c>reframings</c> &gt; 0 each face is framed again from
/// its predicted points (<see cref="FaceFraming.FromKeypoints"/>) and predicted again.
/// </summary>
public static class FramedPrediction
{
    /// <param name="Crops">The squares the final points were predicted in.</param>
    /// <param name="Points">30 photo coordinates per face.</param>
    public sealed record Result(PhotoCrop[] Crops, float[][] Points, bool[] Degraded, double FrameMs, double InferMs);

    public static async Task<Result> RunAsync(CropPredictor predict, IReadOnlyList<GreyPhoto> photos, IReadOnlyList<PhotoCrop> crops,
        int reframings = 0, int chunk = 64, CancellationToken cancellation = default)
    {
        var current = crops.ToArray();
        var points = new float[current.Length][];
        var degraded = new bool[current.Length];
        double frame = 0, infer = 0;
        var clock = Stopwatch.StartNew();
        for (int pass = 0; pass <= reframings; pass++)
        {
            if (pass > 0) current = points.Select(p => FaceFraming.FromKeypoints(p)).ToArray();
            for (int start = 0; start < current.Length; start += chunk)
            {
                int count = Math.Min(chunk, current.Length - start);
                var pixels = new byte[count * KeypointSchema.PixelCount];
                for (int f = 0; f < count; f++)
                    current[start + f].Render(photos[start + f]).CopyTo(pixels, f * KeypointSchema.PixelCount);
                frame += Lap(clock);
                var answer = await predict(pixels, cancellation);
                infer += Lap(clock);
                for (int f = 0; f < count; f++)
                {
                    points[start + f] = current[start + f].ToPhoto(answer.Coordinates.AsSpan(f * KeypointSchema.ColumnCount, KeypointSchema.ColumnCount));
                    degraded[start + f] = answer.Degraded;
                }
            }
        }
        return new Result(current, points, degraded, frame, infer);
    }

    private static double Lap(Stopwatch clock)
    {
        double ms = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        return ms;
    }
}
