using System.Collections.Concurrent;
using OpenCvSharp;

namespace KeypointGrains.Keypoints.Photos;

/// <summary>
/// Every frontal face in a photo, largest first, from an OpenCV cascade. A cascade is not safe to share between threads
/// while it scans, so each scan borrows one from a pool. With <see cref="DetectorSettings.Landmarks"/> each face is framed
/// from its landmarks (<see cref="LandmarkRefiner"/>), else from its box; with <see cref="DetectorSettings.LandmarkFallback"/>
/// as well, a photo where the cascade finds no face is searched by the landmark model as a whole.
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
        if (this.settings.Landmarks) Landmarks = LandmarkRefiner.From(this.settings);
    }

    public DetectorSettings Settings => settings;

    /// <summary>The landmark model that frames faces, null where <see cref="DetectorSettings.Landmarks"/> is off.</summary>
    public LandmarkRefiner? Landmarks { get; }

    /// <summary>The square a face is predicted in: from its landmarks where they are on and found, else from its box.</summary>
    public PhotoCrop Frame(GreyPhoto photo, FaceBox box, FaceFraming boxFraming) =>
        Landmarks?.Frame(photo, box, boxFraming) ?? boxFraming.FromBox(box);

    public IReadOnlyList<FaceBox> Detect(GreyPhoto photo)
    {
        int margin = (int)Math.Round(settings.Margin * Math.Min(photo.Width, photo.Height));
        double shrink = ScanScale(photo.Width + 2 * margin, photo.Height + 2 * margin);
        using var image = Mat.FromPixelData(photo.Height, photo.Width, MatType.CV_8UC1, photo.Pixels);
        using var reduced = new Mat();
        // Area averaging: each scanned pixel is the mean of the photo pixels under it, as the cascade's training faces were made.
        if (shrink < 1)
            Cv2.Resize(image, reduced, new Size(Math.Max(1, (int)Math.Round(photo.Width * shrink)), Math.Max(1, (int)Math.Round(photo.Height * shrink))),
                interpolation: InterpolationFlags.Area);
        var scanned = shrink < 1 ? reduced : image;
        double scaleX = scanned.Width / (double)photo.Width, scaleY = scanned.Height / (double)photo.Height;
        int border = (int)Math.Round(margin * shrink);
        using var padded = new Mat();
        Cv2.CopyMakeBorder(scanned, padded, border, border, border, border, BorderTypes.Replicate);
        FaceBox[] found;
        var cascade = idle.TryTake(out var free) ? free : Load();
        try
        {
            var window = cascade.GetOriginalWindowSize();
            var minSize = new Size(Math.Max(window.Width, (int)Math.Round(settings.MinFaceSize * scaleX)),
                Math.Max(window.Height, (int)Math.Round(settings.MinFaceSize * scaleY)));
            var boxes = cascade.DetectMultiScale(padded, out _, out var weights, settings.ScaleFactor, settings.MinNeighbors,
                HaarDetectionTypes.ScaleImage, minSize, outputRejectLevels: true);
            // Box edges scale with the image (pixel c spans c..c+1 in both), so a box maps back by the same factors.
            found = boxes.Select((b, i) => new FaceBox((float)((b.X - border) / scaleX), (float)((b.Y - border) / scaleY),
                    (float)(b.Width / scaleX), (float)(b.Height / scaleY), i < weights.Length ? weights[i] : 0))
                .OrderByDescending(b => b.Area).ToArray();
        }
        finally { idle.Add(cascade); }
        if (found.Length > 0 || Landmarks is null || !settings.LandmarkFallback) return found;
        return Landmarks.FindWhole(photo, FaceFraming.Fitted).Where(b => b.Width >= settings.MinFaceSize).ToArray();
    }

    /// <summary>The factor (at most 1) that brings a bordered photo's longer side within <see cref="DetectorSettings.MaxScanSide"/>.</summary>
    private double ScanScale(int paddedWidth, int paddedHeight) =>
        settings.MaxScanSide > 0 ? Math.Min(1, settings.MaxScanSide / (double)Math.Max(paddedWidth, paddedHeight)) : 1;

    private CascadeClassifier Load()
    {
        var cascade = new CascadeClassifier(settings.CascadePath);
        if (cascade.Empty()) throw new InvalidDataException($"{settings.CascadePath} is not an OpenCV cascade");
        return cascade;
    }

    public void Dispose()
    {
        while (idle.TryTake(out var cascade)) cascade.Dispose();
        Landmarks?.Dispose();
    }
}
