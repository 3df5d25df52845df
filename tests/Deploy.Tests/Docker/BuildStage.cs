using System.Text.Json;
using System.Text.RegularExpressions;

namespace KeypointGrains.Deploy.Tests.Docker;

/// <summary>A FROM and the instructions up to the next FROM.</summary>
public sealed partial record BuildStage(string BaseImage, string? Name, IReadOnlyList<Instruction> Instructions)
{
    public IEnumerable<string> Arguments(string keyword) =>
        Instructions.Where(instruction => instruction.Keyword == keyword).Select(instruction => instruction.Arguments);

    public IReadOnlySet<int> ExposedPorts => Arguments("EXPOSE")
        .SelectMany(ports => ports.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Select(port => int.Parse(port.Split('/')[0]))
        .ToHashSet();

    /// <summary>ENV in its NAME=value form; later settings win, as in Docker.</summary>
    public IReadOnlyDictionary<string, string> Environment => Arguments("ENV")
        .SelectMany(arguments => EnvPair().Matches(arguments))
        .GroupBy(match => match.Groups["name"].Value)
        .ToDictionary(group => group.Key, group => group.Last().Groups["value"].Value.Trim('"'));

    /// <summary>COPY sources taken from the build context (not --from another stage).</summary>
    public IEnumerable<string> ContextSources => Arguments("COPY")
        .Where(arguments => !arguments.StartsWith("--from", StringComparison.Ordinal))
        .SelectMany(arguments => arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1));

    /// <summary>COPY --from=STAGE instructions as (stage, destination).</summary>
    public IEnumerable<(string Stage, string Destination)> CopiesFromStages => Arguments("COPY")
        .Select(arguments => CopyFrom().Match(arguments))
        .Where(match => match.Success)
        .Select(match => (match.Groups["stage"].Value, match.Groups["destination"].Value));

    public IReadOnlyList<string> EntryPoint =>
        JsonSerializer.Deserialize<string[]>(Arguments("ENTRYPOINT").Single())
        ?? throw new InvalidDataException("ENTRYPOINT is not an exec-form JSON array.");

    [GeneratedRegex(@"(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>""[^""]*""|\S*)")]
    private static partial Regex EnvPair();

    [GeneratedRegex(@"^--from=(?<stage>\S+)\s+\S+\s+(?<destination>\S+)$")]
    private static partial Regex CopyFrom();
}
