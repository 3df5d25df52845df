namespace KeypointGrains.Client.Tests;

/// <summary>
/// kg commands share Spectre's one static console, whose live displays (progress bars, status spinners) refuse to run side
/// by side, so the test classes that run kg in-process go one at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class KgConsoleCollection
{
    public const string Name = "kg console";
}
