namespace KeypointGrains.Deploy.Tests.Kubernetes;

/// <summary>Where a container's environment variable gets its value.</summary>
public abstract record EnvValue;

public sealed record LiteralValue(string Value) : EnvValue;

public sealed record FieldValue(string FieldPath) : EnvValue;

public sealed record SecretValue(string Secret, string Key) : EnvValue;
