using KeypointGrains.Keypoints.Training;

namespace KeypointGrains.Reporting;

/// <summary>
/// Everything <see cref="StudyReport"/> shows, gathered by whoever ran the study (the CLI from a campaign's run
/// folders, or a test). Optional parts that are missing are reported as "not part of this study".
/// </summary>
public sealed record StudyResults(
    string Title,
    IReadOnlyList<ModelResult> Models,
    IReadOnlyList<AugmentationResult>? Augmentations = null,
    FaceGallery? Gallery = null,
    FirstLayerSnapshot? FirstLayer = null,
    string? Notes = null,
    AblationStudyFile? Ablations = null,
    PhotoResults? Photos = null,
    SearchResults? Search = null);
