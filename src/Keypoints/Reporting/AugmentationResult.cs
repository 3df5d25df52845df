namespace KeypointGrains.Keypoints.Reporting;

/// <summary>One run of the augmentation study: the same model trained with one augmentation alone (or none).</summary>
public sealed record AugmentationResult(string Augmentation, string Model, int Epochs, double ValidationLoss, double RmsePixels);
