namespace KeypointGrains.Keypoints.Evaluation;

/// <summary>RMSE in pixels of one keypoint over its present x and y values.</summary>
public sealed record KeypointError(string Keypoint, double RmsePixels, int Values);
