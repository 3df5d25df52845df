namespace KeypointGrains.Reporting;

/// <summary>The id of each section of report.html (stable, so links and tests can find them).</summary>
public static class ReportSections
{
    public const string Intro = "intro";
    public const string LearningCurves = "learning-curves";
    public const string Models = "models";
    public const string Search = "search";
    public const string Specialists = "specialists";
    public const string Keypoints = "keypoints";
    public const string Images = "images";
    public const string FirstLayer = "first-layer";
    public const string Augmentations = "augmentations";
    public const string Ablations = "ablations";
    public const string Photos = "photos";

    public static IReadOnlyList<string> All { get; } =
        [Intro, LearningCurves, Models, Search, Specialists, Keypoints, Images, FirstLayer, Augmentations, Ablations, Photos];
}
