using YamlDotNet.RepresentationModel;

namespace KeypointGrains.Deploy.Tests.Yaml;

/// <summary>Null-tolerant navigation, so a test reads like the manifest path it checks.</summary>
public static class YamlNodes
{
    public static YamlNode? Child(this YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value)
            ? value
            : null;

    public static YamlNode? At(this YamlNode? node, params string[] path) =>
        path.Aggregate(node, (current, key) => current.Child(key));

    public static string? Text(this YamlNode? node) => (node as YamlScalarNode)?.Value;

    public static string Text(this YamlNode? node, params string[] path) =>
        node.At(path).Text() ?? throw new KeyNotFoundException($"No scalar at {string.Join('.', path)}.");

    public static IEnumerable<YamlNode> Items(this YamlNode? node) =>
        node as YamlSequenceNode ?? Enumerable.Empty<YamlNode>();

    public static IEnumerable<string> Texts(this YamlNode? node) =>
        node.Items().Select(item => item.Text() ?? throw new InvalidDataException($"Not a scalar: {item}"));

    public static IEnumerable<KeyValuePair<string, YamlNode>> Entries(this YamlNode? node) =>
        (node as YamlMappingNode)?.Children.Select(entry =>
            KeyValuePair.Create(entry.Key.Text() ?? "", entry.Value)) ?? [];

    public static IReadOnlyDictionary<string, string> TextEntries(this YamlNode? node) =>
        node.Entries().ToDictionary(entry => entry.Key, entry => entry.Value.Text() ?? "");
}
