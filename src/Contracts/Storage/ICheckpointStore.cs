using KeypointGrains.Contracts.Training;

namespace KeypointGrains.Contracts.Storage;

/// <summary>
/// Where weights and trainer state live (a local directory or Azure Blob storage). Only references to what is stored
/// travel in grain messages and grain state. Every store seals what it writes (<see cref="CheckpointSeal"/>) and checks the
/// seal when it is read; a store that cannot be reached throws <see cref="StorageUnavailableException"/>.
/// </summary>
public interface ICheckpointStore
{
    /// <summary>Stores what <paramref name="write"/> writes under <paramref name="name"/>; readers never see a torn write.</summary>
    Task<CheckpointReference> WriteAsync(string name, int epoch, Action<Stream> write, CancellationToken cancellation = default);

    /// <summary>
    /// Stores like <see cref="WriteAsync"/>, but only where nothing is stored under <paramref name="name"/> yet (a
    /// conditional write): an existing one stays, and this throws <see cref="CheckpointExistsException"/>.
    /// </summary>
    Task<CheckpointReference> CreateAsync(string name, int epoch, Action<Stream> write, CancellationToken cancellation = default);

    /// <summary>
    /// Opens a stored checkpoint's payload once its seal matched; a missing one is a <see cref="FileNotFoundException"/>
    /// naming it, one that does not match its seal a <see cref="CorruptCheckpointException"/>.
    /// </summary>
    Task<Stream> OpenReadAsync(CheckpointReference reference, CancellationToken cancellation = default);

    Task DeleteAsync(CheckpointReference reference, CancellationToken cancellation = default);

    /// <summary>
    /// Deletes every checkpoint whose name starts with <paramref name="prefix"/>, referenced or not (a model's trainer
    /// checkpoints once it has ended, those of runs that died before they could report them included); returns how many.
    /// </summary>
    Task<int> DeleteAllAsync(string prefix, CancellationToken cancellation = default);
}
