using System.Text.RegularExpressions;

namespace KeypointGrains.Deploy.Tests.Docker;

/// <summary>A Dockerfile split into build stages.</summary>
public sealed partial class Dockerfile(string relativePath, IReadOnlyList<BuildStage> stages)
{
    public const string Folder = "deploy/docker";

    public string RelativePath => relativePath;
    public IReadOnlyList<BuildStage> Stages => stages;
    public BuildStage Final => stages[^1];

    public BuildStage Stage(string name) => stages.SingleOrDefault(stage => stage.Name == name)
        ?? throw new KeyNotFoundException($"{relativePath} has no stage '{name}'.");

    /// <summary>The project each `dotnet publish` in the file builds.</summary>
    public IEnumerable<string> PublishedProjects => stages.SelectMany(stage => stage.Arguments("RUN"))
        .SelectMany(run => Publish().Matches(run)).Select(match => match.Groups["project"].Value);

    public IEnumerable<string> PublishCommands => stages.SelectMany(stage => stage.Arguments("RUN"))
        .Where(run => run.Contains("dotnet publish", StringComparison.Ordinal));

    public static Dockerfile Load(string fileName)
    {
        var relativePath = $"{Folder}/{fileName}";
        var instructions = Instructions(File.ReadAllLines(RepositoryRoot.File(relativePath)), relativePath);
        var stages = new List<BuildStage>();
        foreach (var instruction in instructions)
        {
            if (instruction.Keyword == "FROM")
            {
                var parts = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                stages.Add(new BuildStage(parts[0], parts.Length == 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : null, []));
            }
            else if (stages.Count > 0)
                stages[^1] = stages[^1] with { Instructions = [.. stages[^1].Instructions, instruction] };
            else if (instruction.Keyword != "ARG")
                throw new InvalidDataException($"{relativePath}:{instruction.Line}: {instruction.Keyword} before the first FROM.");
        }
        return new Dockerfile(relativePath, stages);
    }

    private static List<Instruction> Instructions(string[] lines, string relativePath)
    {
        var instructions = new List<Instruction>();
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var start = index + 1;
            var text = line;
            while (text.EndsWith('\\'))
            {
                if (++index == lines.Length)
                    throw new InvalidDataException($"{relativePath}:{start}: the file ends inside a continued instruction.");
                var next = lines[index].Trim();
                if (next.StartsWith('#')) continue;
                text = text[..^1].TrimEnd() + " " + next;
            }
            var space = text.IndexOf(' ');
            if (space < 0) throw new InvalidDataException($"{relativePath}:{start}: '{text}' has no arguments.");
            instructions.Add(new Instruction(text[..space].ToUpperInvariant(), Whitespace().Replace(text[(space + 1)..].Trim(), " "), start));
        }
        return instructions;
    }

    [GeneratedRegex(@"dotnet publish (?<project>\S+\.csproj)")]
    private static partial Regex Publish();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
