using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KeypointGrains.Deploy.Tests.Yaml;

public static class YamlFile
{
    /// <summary>
    /// Every document of a YAML file as a mapping, with merge keys (<c>&lt;&lt;: *anchor</c>) resolved the way
    /// Docker Compose resolves them. Bad YAML fails with the file, line and column.
    /// </summary>
    public static IReadOnlyList<YamlMappingNode> Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(path))
        {
            try
            {
                stream.Load(new MergingParser(new Parser(reader)));
            }
            catch (YamlException error)
            {
                throw new InvalidDataException(
                    $"{RepositoryRoot.Relative(path)}:{error.Start.Line}:{error.Start.Column}: {error.Message}", error);
            }
        }
        return stream.Documents
            .Select((document, index) => document.RootNode as YamlMappingNode ?? throw new InvalidDataException(
                $"{RepositoryRoot.Relative(path)}: document {index + 1} is not a mapping."))
            .ToList();
    }

    public static YamlMappingNode LoadSingle(string path) =>
        Load(path) is [var only] ? only
            : throw new InvalidDataException($"{RepositoryRoot.Relative(path)}: expected exactly one YAML document.");
}
