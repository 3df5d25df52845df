namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// What a <see cref="ModelRun"/> tells whoever runs it (the training grain, kg train, a study, a search), as training
/// callbacks do: each called on the run's thread, in order, for every epoch.
/// </summary>
public interface IModelRunObserver
{
    /// <summary>Epoch <paramref name="epoch"/> (1-based) is about to be trained.</summary>
    void EpochStarting(int epoch) { }

    /// <summary>
    /// A checkpoint is due after <paramref name="epoch"/>: store what <paramref name="save"/> writes. False when none was
    /// stored (storage is down, say); the run asks again after the next epoch.
    /// </summary>
    bool StoreCheckpoint(int epoch, Action<Stream> save) => false;

    /// <summary>After each epoch and its checkpoint: go on, finish, or let go.</summary>
    RunDecision EpochEnded(EpochResult epoch);
}
