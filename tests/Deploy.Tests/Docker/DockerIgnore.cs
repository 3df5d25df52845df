using System.Text;
using System.Text.RegularExpressions;

namespace KeypointGrains.Deploy.Tests.Docker;

/// <summary>
/// The repository's .dockerignore with Docker's rules: patterns match paths from the context root (* within one
/// path element, ** across any), a match on a folder excludes what is inside it, ! re-includes, the last match wins.
/// </summary>
public sealed class DockerIgnore(IReadOnlyList<(Regex Pattern, bool Include)> rules)
{
    public static DockerIgnore Shipped { get; } = Load(RepositoryRoot.File(".dockerignore"));

    public static DockerIgnore Load(string path) => new(File.ReadAllLines(path)
        .Select(line => line.Trim())
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .Select(line => line.StartsWith('!') ? (Compile(line[1..]), true) : (Compile(line), false))
        .ToList());

    public bool Excludes(string relativePath)
    {
        var elements = relativePath.Trim('/').Split('/');
        var candidates = Enumerable.Range(1, elements.Length).Select(count => string.Join('/', elements.Take(count))).ToList();
        var excluded = false;
        foreach (var (pattern, include) in rules)
            if (candidates.Any(pattern.IsMatch))
                excluded = !include;
        return excluded;
    }

    private static Regex Compile(string pattern)
    {
        var text = pattern.Trim('/');
        var regex = new StringBuilder("^");
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '*' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var slash = i + 2 < text.Length && text[i + 2] == '/';
                regex.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
                regex.Append(text[i] switch { '*' => "[^/]*", '?' => "[^/]", _ => Regex.Escape(text[i].ToString()) });
        }
        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
