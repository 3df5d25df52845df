namespace KeypointGrains.Keypoints.Photos;

/// <summary>The <c>Photos</c> configuration section: size limits and the detector, for kg and the silo alike.</summary>
public sealed record PhotoSettings
{
    public const string Section = "Photos";

    public PhotoLimits Limits { get; init; } = new();
    public DetectorSettings Detector { get; init; } = new();

    /// <summary>Times each face is framed again from its first predicted points (0: the detector's framing alone).</summary>
    public int Reframings { get; init; }
}
