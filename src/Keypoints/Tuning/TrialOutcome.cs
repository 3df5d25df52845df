namespace KeypointGrains.Keypoints.Tuning;

/// <summary>What one trial of a local search did: its values, epochs trained, best validation RMSE and its curve.</summary>
public sealed record TrialOutcome(Trial Trial, int Epochs, double BestRmsePixels, RecordedCurve Curve);
