namespace KeypointGrains.Grains.Inference;

/// <summary>One request's share of a pass: each member's coordinates for its faces, how many faces the pass took, how long the request queued.</summary>
public sealed record InferencePass(float[][] Coordinates, int BatchFaces, TimeSpan Queued);
