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

    public string CascadePath => Path.IsPathRooted(Cascade) || File.Exists(Cascade) ? Cascade : Path.Combine(CascadeFolder, Cascade);
}
