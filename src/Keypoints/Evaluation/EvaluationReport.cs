namespace KeypointGrains.Keypoints.Evaluation;

/// <summary>
/// How far a model's predictions are from the labels, in pixels, over present values only.
/// Keypoint and image lists are ordered worst first (highest RMSE) and best first (lowest RMSE).
/// </summary>
public sealed record EvaluationReport(
    string Network,
    int Images,
    int Values,
    double RmsePixels,
    IReadOnlyList<KeypointError> PerKeypoint,
    IReadOnlyList<KeypointError> WorstKeypoints,
    IReadOnlyList<KeypointError> BestKeypoints,
    IReadOnlyList<ImageError> WorstImages,
    IReadOnlyList<ImageError> BestImages);
