namespace KeypointGrains.Client.Commands;

/// <summary>A mistake in how kg was called: printed as one line, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
