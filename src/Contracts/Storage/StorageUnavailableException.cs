namespace KeypointGrains.Contracts.Storage;

/// <summary>
/// The checkpoint store could not be reached or answered with a transient error (a network failure, a throttled or
/// unavailable service, a disk that failed an I/O): trying again later may succeed. The message is one line.
/// </summary>
[GenerateSerializer, Alias("kg.StorageUnavailableException")]
public sealed class StorageUnavailableException(string message, Exception cause) : IOException(message, cause);
