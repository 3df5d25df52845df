namespace KeypointGrains.Deploy.Tests.Docker;

/// <summary>One Dockerfile instruction with its continuation lines joined; Line is where it starts.</summary>
public sealed record Instruction(string Keyword, string Arguments, int Line);
