namespace KeypointGrains.Keypoints.Tuning;

/// <summary>
/// A trial's validation loss when it reached rung <paramref name="Rung"/> (an index into
/// <see cref="AshaScheduler.Rungs"/>), and whether it has been promoted from there.
/// </summary>
public sealed record AshaResult(int Trial, int Rung, double Loss, bool Promoted);
