using System.Collections.Concurrent;
using OpenCvSharp;

namespace KeypointGrains.Keypoints.Photos;

/// <summary>
/// Every frontal face in a photo, largest first, from an OpenCV cascade. A cascade is not safe to share between threads
/// while it scans, so each scan borrows one from a pool.
/// </summary>
public sealed class FaceDetector : IDisposable
{
    private readonly ConcurrentBag<CascadeClassifier> idle = [];
    private readonly DetectorSettings settings;

    public FaceDetector(DetectorSettings? settings = null)
    {
        this.settings = settings ?? new DetectorSettings();
        if (!File.Exists(this.settings.CascadePath))
            throw new FileNotFoundException(
                $"No face cascade at {this.settings.CascadePath}: install Debian's opencv-data or set Photos:Detector:Cascade", this.settings.CascadePath);
        try
        {
            idle.Add(Load());
        }
        catch (Exception error) when (error is DllNotFoundException or TypeInitializationException)
        {
            throw new InvalidOperationException(
                "OpenCV's native library is not part of this build (the CUDA configuration, -p:TorchBackend=external, leaves it out): " +
                "photo commands need the default build", error);
        }
    }

    public DetectorSettings Settings => settings;

    public IReadOnlyList<FaceBox> Detect(GreyPhoto photo)
    {
        int margin = (int)Math.Round(settings.Margin * Math.Min(photo.Width, photo.Height));
        using var image = Mat.FromPixelData(photo.Height, photo.Width, MatType.CV_8UC1, photo.Pixels);
        using var padded = new Mat();
        Cv2.CopyMakeBorder(image, padded, margin, margin, margin, margin, BorderTypes.Replicate);
        var cascade = idle.TryTake(out var free) ? free : Load();
        try
        {
            var boxes = cascade.DetectMultiScale(padded, out _, out var weights, settings.ScaleFactor, settings.MinNeighbors,
                HaarDetectionTypes.ScaleImage, new Size(settings.MinFaceSize, settings.MinFaceSize), outputRejectLevels: true);
            return boxes.Select((b, i) => new FaceBox(b.X - margin, b.Y - margin, b.Width, b.Height, i < weights.Length ? weights[i] : 0))
                .OrderByDescending(b => b.Area).ToArray();
        }
        finally { idle.Add(cascade); }
    }

    private CascadeClassifier Load()
    {
        var cascade = new CascadeClassifier(settings.CascadePath);
        if (cascade.Empty()) throw new InvalidDataException($"{settings.CascadePath} is not an OpenCV cascade");
        return cascade;
    }

    public void Dispose()
    {
        while (idle.TryTake(out var cascade)) cascade.Dispose();
    }
}
