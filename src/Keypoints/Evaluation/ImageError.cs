namespace KeypointGrains.Keypoints.Evaluation;

/// <summary>RMSE in pixels over the present values of one image (ImageId as in the data set).</summary>
public sealed record ImageError(int ImageId, double RmsePixels, int Values);
