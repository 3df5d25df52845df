namespace KeypointGrains.Keypoints.Tuning;

/// <summary>
/// A search on a virtual clock: <paramref name="Trials"/> trials on <paramref name="Accelerators"/> accelerators, rungs
/// from <paramref name="MinEpochs"/> to <paramref name="MaxEpochs"/> with reduction <paramref name="Reduction"/>. Each
/// trial replays a recorded curve drawn with <paramref name="Seed"/>, shifted by a constant drawn from a normal
/// distribution of <paramref name="TrialSpreadPixels"/> (how much runs of one recipe differ by their seed), so that
/// trials that replay the same curve still differ as real ones do.
/// </summary>
public sealed record SimulationOptions(
    int Accelerators,
    int Trials,
    int MinEpochs,
    int MaxEpochs,
    int Reduction,
    int Seed,
    double TrialSpreadPixels);
