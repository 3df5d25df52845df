using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using OpenCvSharp;
using OpenCvSharp.Dnn;

namespace KeypointGrains.Keypoints.Photos;

/// <summary>
/// MediaPipe's short-range face detector (BlazeFace, a TFLite file read by OpenCV's dnn module) on a square of a photo:
/// every face it finds there with six landmarks (<see cref="FaceLandmarks"/>). The square is resized to the model's
/// 128x128 input (grey levels repeated in the three colour channels, scaled to [-1, 1]); each of its 896 anchors answers a
/// score and a box and points relative to the anchor's centre, and overlapping answers are blended by score, as
/// MediaPipe does. A network is not safe to share between threads while it runs, so each run borrows one from a pool.
/// </summary>
public sealed class BlazeFace : IDisposable
{
    public const int InputSize = 128;
    private const int Values = 4 + 2 * FaceLandmarks.PointCount;
    private const double BlendOverlap = 0.3;

    /// <summary>Anchor centres (fractions of the input), the order of the model's outputs: a 16x16 grid of stride 8 with two
    /// anchors a cell, then an 8x8 grid of stride 16 with six.</summary>
    private static readonly (float X, float Y)[] Anchors = AnchorCentres();

    private readonly ConcurrentBag<Net> idle = [];
    private readonly string modelPath;

    /// <param name="whenMissing">What to do when the file is not there, for the error.</param>
    public BlazeFace(string modelPath, string whenMissing)
    {
        this.modelPath = modelPath;
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"No face landmark model at {modelPath}: {whenMissing}", modelPath);
        idle.Add(Load());
    }

    /// <summary>The faces in <paramref name="square"/> of <paramref name="photo"/> that score at least <paramref name="minScore"/>, best first.</summary>
    public IReadOnlyList<FaceLandmarks> Detect(GreyPhoto photo, PhotoCrop square, double minScore)
    {
        var (input, used) = Input(photo, square);
        var net = idle.TryTake(out var free) ? free : Load();
        float[] scores = new float[Anchors.Length], raw = new float[Anchors.Length * Values];
        try
        {
            using (input)
            using (var blob = CvDnn.BlobFromImage(input, 1 / 127.5, new Size(InputSize, InputSize), new Scalar(127.5, 127.5, 127.5)))
            {
                net.SetInput(blob);
                var names = net.GetUnconnectedOutLayersNames();
                var outputs = names.Select(_ => new Mat()).ToArray();
                try
                {
                    net.Forward(outputs, names!);
                    foreach (var output in outputs)
                    {
                        if (output.Total() == Anchors.Length) Marshal.Copy(output.Data, scores, 0, scores.Length);
                        else Marshal.Copy(output.Data, raw, 0, raw.Length);
                    }
                }
                finally
                {
                    foreach (var output in outputs) output.Dispose();
                }
            }
        }
        finally { idle.Add(net); }
        return Blend(Decode(scores, raw, minScore)).Select(face => ToPhoto(face, used)).ToArray();
    }

    /// <summary>
    /// The square as the model's input, BGR, 128x128: the photo pixels under it (its edges repeated past the photo's
    /// border), area-averaged when it is larger than the input. The square is rounded to whole pixels first; the one
    /// used is returned, to map the answers back.
    /// </summary>
    private static (Mat Input, PhotoCrop Used) Input(GreyPhoto photo, PhotoCrop square)
    {
        int side = Math.Max(1, (int)Math.Round(square.Side));
        // Pixel c spans c - 0.5 .. c + 0.5, so the first pixel of a square whose edge is at Left is Left + 0.5.
        int left = (int)Math.Round(square.Left + 0.5), top = (int)Math.Round(square.Top + 0.5);
        using var image = Mat.FromPixelData(photo.Height, photo.Width, MatType.CV_8UC1, photo.Pixels);
        var inside = new Rect(left, top, side, side).Intersect(new Rect(0, 0, photo.Width, photo.Height));
        using var cut = new Mat();
        if (inside.Width <= 0 || inside.Height <= 0)
            Cv2.CopyMakeBorder(image[new Rect(Math.Clamp(left, 0, photo.Width - 1), Math.Clamp(top, 0, photo.Height - 1), 1, 1)], cut,
                0, side - 1, 0, side - 1, BorderTypes.Replicate);
        else
            Cv2.CopyMakeBorder(image[inside], cut, inside.Y - top, top + side - inside.Bottom, inside.X - left, left + side - inside.Right,
                BorderTypes.Replicate);
        using var resized = new Mat();
        Cv2.Resize(cut, resized, new Size(InputSize, InputSize),
            interpolation: side > InputSize ? InterpolationFlags.Area : InterpolationFlags.Linear);
        var colour = new Mat();
        Cv2.CvtColor(resized, colour, ColorConversionCodes.GRAY2BGR);
        return (colour, new PhotoCrop(left - 0.5, top - 0.5, side));
    }

    /// <summary>Each anchor's answer above the score, in fractions of the input, best first.</summary>
    private static List<FaceLandmarks> Decode(float[] scores, float[] raw, double minScore)
    {
        var faces = new List<FaceLandmarks>();
        for (int a = 0; a < Anchors.Length; a++)
        {
            double score = 1 / (1 + Math.Exp(-Math.Clamp(scores[a], -100, 100)));
            if (score < minScore) continue;
            var r = raw.AsSpan(a * Values, Values);
            var (ax, ay) = Anchors[a];
            float w = r[2] / InputSize, h = r[3] / InputSize;
            var box = new FaceBox(ax + r[0] / InputSize - w / 2, ay + r[1] / InputSize - h / 2, w, h, score);
            var points = new float[2 * FaceLandmarks.PointCount];
            for (int k = 0; k < FaceLandmarks.PointCount; k++)
                (points[2 * k], points[2 * k + 1]) = (ax + r[4 + 2 * k] / InputSize, ay + r[5 + 2 * k] / InputSize);
            faces.Add(new FaceLandmarks(box, score, points));
        }
        faces.Sort((p, q) => q.Score.CompareTo(p.Score));
        return faces;
    }

    /// <summary>The best answer blended with every answer that overlaps it, weighted by score; then the best one left.</summary>
    private static List<FaceLandmarks> Blend(List<FaceLandmarks> answers)
    {
        var faces = new List<FaceLandmarks>();
        while (answers.Count > 0)
        {
            var best = answers[0];
            var group = answers.Where(a => Overlap(a.Box, best.Box) >= BlendOverlap).ToArray();
            answers.RemoveAll(a => group.Contains(a));
            double weight = group.Sum(a => a.Score);
            float Mean(Func<FaceLandmarks, float> of) => (float)(group.Sum(a => a.Score * of(a)) / weight);
            var points = Enumerable.Range(0, best.Points.Length).Select(i => Mean(a => a.Points[i])).ToArray();
            faces.Add(new FaceLandmarks(new FaceBox(Mean(a => a.Box.X), Mean(a => a.Box.Y), Mean(a => a.Box.Width), Mean(a => a.Box.Height), best.Score),
                best.Score, points));
        }
        return faces;
    }

    private static double Overlap(FaceBox p, FaceBox q)
    {
        double w = Math.Min(p.X + p.Width, q.X + q.Width) - Math.Max(p.X, q.X);
        double h = Math.Min(p.Y + p.Height, q.Y + q.Height) - Math.Max(p.Y, q.Y);
        if (w <= 0 || h <= 0) return 0;
        return w * h / (p.Area + q.Area - w * h);
    }

    /// <summary>A fraction f of the input lies at Left + f · Side in the photo (the input's edges are the square's).</summary>
    private static FaceLandmarks ToPhoto(FaceLandmarks face, PhotoCrop square)
    {
        float X(float f) => (float)(square.Left + f * square.Side);
        float Y(float f) => (float)(square.Top + f * square.Side);
        float Length(float f) => (float)(f * square.Side);
        var points = face.Points.Select((f, i) => i % 2 == 0 ? X(f) : Y(f)).ToArray();
        return face with
        {
            Box = face.Box with { X = X(face.Box.X), Y = Y(face.Box.Y), Width = Length(face.Box.Width), Height = Length(face.Box.Height) },
            Points = points,
        };
    }

    private static (float X, float Y)[] AnchorCentres()
    {
        var centres = new List<(float, float)>();
        foreach (var (grid, perCell) in new[] { (16, 2), (8, 6) })
            for (int y = 0; y < grid; y++)
            for (int x = 0; x < grid; x++)
            for (int a = 0; a < perCell; a++)
                centres.Add(((x + 0.5f) / grid, (y + 0.5f) / grid));
        return centres.ToArray();
    }

    private Net Load()
    {
        try
        {
            var net = CvDnn.ReadNet(modelPath);
            if (net.Empty()) throw new InvalidDataException($"{modelPath} is not a model OpenCV can read");
            return net;
        }
        catch (OpenCVException error)
        {
            throw new InvalidDataException($"{modelPath} is not a TFLite face detector OpenCV can read: {error.Message}", error);
        }
    }

    public void Dispose()
    {
        while (idle.TryTake(out var net)) net.Dispose();
    }
}
