namespace KeypointGrains.Keypoints.Tuning;

/// <summary>
/// A search in the stopping form, as <see cref="TuningSimulation"/> asks it: which trials start on free accelerators,
/// and whether a trial stops after an epoch it reports (it then ends after the epoch it is training, as a training
/// grain does when the coordinator's stop arrives). Trials are numbered 0 to n − 1.
/// </summary>
public interface IStoppingSearch
{
    /// <summary>The trials to start now, at most <paramref name="free"/>.</summary>
    IReadOnlyList<int> Start(int free);

    /// <summary>Whether <paramref name="trial"/> stops after <paramref name="epoch"/>, its best loss so far <paramref name="bestLoss"/> at <paramref name="bestEpoch"/>.</summary>
    bool Stops(int trial, int epoch, int bestEpoch, double bestLoss);

    /// <summary><paramref name="trial"/> ended: stopped early, or at the end of its budget.</summary>
    void Ended(int trial, bool stopped);
}
