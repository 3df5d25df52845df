namespace KeypointGrains.Contracts.Storage;

/// <summary>
/// A checkpoint was to be created under a name that is already stored: another writer got there first, and what it
/// stored stays. The message names the checkpoint.
/// </summary>
[GenerateSerializer, Alias("kg.CheckpointExistsException")]
public sealed class CheckpointExistsException(string message) : InvalidOperationException(message);
