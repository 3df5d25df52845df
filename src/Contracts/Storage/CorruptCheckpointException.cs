namespace KeypointGrains.Contracts.Storage;

/// <summary>A stored checkpoint whose content does not match its seal: torn, truncated or changed since it was written.</summary>
[GenerateSerializer, Alias("kg.CorruptCheckpointException")]
public sealed class CorruptCheckpointException(string message) : Exception(message);
