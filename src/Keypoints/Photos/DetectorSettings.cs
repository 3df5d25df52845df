namespace KeypointGrains.Keypoints.Photos;

/// <summary>
/// The face detector: one of OpenCV's frontal-face cascades (Debian's opencv-data installs them) and how it scans.
/// The defaults are the ones <c>kg fit-framing</c> measured best on the photos with true keypoints.
/// </summary>
public sealed record DetectorSettings
{
    public const string CascadeFolder = "/usr/share/opencv4/haarcascades";

    /// <summary>A cascade XML file; a bare name is looked up in <see cref="CascadeFolder"/>.</summary>
    public string Cascade { get; init; } = "haarcascade_frontalface_alt2.xml";

    /// <summary>Size step between scans: smaller finds more faces, slower.</summary>
    public double ScaleFactor { get; init; } = 1.1;

    /// <summary>Overlapping hits a box needs: more rejects more false faces and some true ones.</summary>
    public int MinNeighbors { get; init; } = 3;

    /// <summary>Smallest face side scanned, in photo pixels (never below the cascade's own window, on the scanned copy).</summary>
    public int MinFaceSize { get; init; } = 20;

    /// <summary>
    /// Longest side of the bordered photo the cascade scans: a larger one is scanned as a reduced copy and its boxes
    /// scaled back, since the scan's cost grows with the pixels while a face big enough to see needs few of them.
    /// 0 scans every photo at full size. At 288 a 640x480 photo is scanned at a third of its size (faces from about 60 px
    /// up are found) and the labelled photos lose no face; at 256 they lost two.
    /// </summary>
    public int MaxScanSide { get; init; } = 288;

    /// <summary>
    /// Grey border added round the photo, as a fraction of its shorter side, so that a face cut by the frame's edge still
    /// fits the detector's window.
    /// </summary>
    public double Margin { get; init; } = 0.25;

    /// <summary>
    /// Frame each face from the landmarks MediaPipe's BlazeFace finds round its box (<see cref="LandmarkRefiner"/>),
    /// falling back to the box where it finds none. On: with the quick campaign the labelled photos' NME fell from 0.0754
    /// to 0.0687 (1.09x that of squares placed from the true keypoints, from 1.19x).
    /// </summary>
    public bool Landmarks { get; init; } = true;

    /// <summary>
    /// Where the cascade finds no face, look for faces with the landmark model on the whole photo (needs
    /// <see cref="Landmarks"/>). Off: on the labelled photos it finds 10 of the 11 faces the cascade misses (99.89 %
    /// found, failures 24.97 % from 25.20 %), but they are hard ones, so the mean NME of the faces found rises from 0.0687
    /// to 0.0696 (1.10x that of true-keypoint squares, from 1.09x).
    /// </summary>
    public bool LandmarkFallback { get; init; }

    /// <summary>What to do when <see cref="LandmarkModel"/> is missing.</summary>
    public const string LandmarkModelMissing =
        "install it with .ci/face-landmarks.sh install, name the file with Photos:Detector:LandmarkModel, or set Photos:Detector:Landmarks to false";

    /// <summary>
    /// BlazeFace's TFLite file; a bare name is looked up in <see cref="LandmarkModelFolder"/> under the working folder,
    /// kg's own folder, or one above either (where <c>.ci/face-landmarks.sh install</c> puts it).
    /// </summary>
    public string LandmarkModel { get; init; } = "face_detection_short_range.tflite";

    /// <summary>Where npm installs the model's package (@mediapipe/face_detection), under the repository's root.</summary>
    public const string LandmarkModelFolder = ".face-landmarks/node_modules/@mediapipe/face_detection";

    /// <summary>
    /// Side of the square BlazeFace looks at, in the detector's box widths: its short-range model was trained on faces
    /// that fill a fraction of its input (on the labelled photos 2.5 frames best: 2.0 and 3.0 stray 0.2 crop px more).
    /// </summary>
    public double LandmarkRegion { get; init; } = 2.5;

    /// <summary>Least BlazeFace score (0-1) for a face's landmarks to be used.</summary>
    public double LandmarkMinScore { get; init; } = 0.5;

    public string LandmarkModelPath => Path.IsPathRooted(LandmarkModel) || File.Exists(LandmarkModel) ? LandmarkModel : FindInstalled(LandmarkModel);

    /// <summary>The first installed copy of a bare file name, else where the install script would put it below the working folder.</summary>
    private static string FindInstalled(string name)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, LandmarkModelFolder, name);
                if (File.Exists(candidate)) return candidate;
            }
        return Path.Combine(Directory.GetCurrentDirectory(), LandmarkModelFolder, name);
    }

    public string CascadePath => Path.IsPathRooted(Cascade) || File.Exists(Cascade) ? Cascade : Path.Combine(CascadeFolder, Cascade);
}
