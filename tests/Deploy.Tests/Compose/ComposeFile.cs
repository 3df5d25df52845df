using KeypointGrains.Deploy.Tests.Yaml;
using YamlDotNet.RepresentationModel;

namespace KeypointGrains.Deploy.Tests.Compose;

/// <summary>deploy/compose/docker-compose.yml, merge keys resolved.</summary>
public sealed class ComposeFile(YamlMappingNode root)
{
    public const string Folder = "deploy/compose";

    public static ComposeFile Local { get; } =
        new(YamlFile.LoadSingle(RepositoryRoot.File(Path.Combine(Folder, "docker-compose.yml"))));

    public IReadOnlyDictionary<string, YamlNode> Services { get; } =
        root.At("services").Entries().ToDictionary(entry => entry.Key, entry => entry.Value);

    public YamlNode Service(string name) =>
        Services.TryGetValue(name, out var service) ? service : throw new KeyNotFoundException($"No compose service {name}.");

    /// <summary>Services built from the silo image, in name order.</summary>
    public IReadOnlyList<string> Silos => Services
        .Where(service => service.Value.At("image").Text()?.StartsWith("keypointgrains/silo:", StringComparison.Ordinal) == true)
        .Select(service => service.Key)
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>A service's environment, in either compose form (mapping, or a list of NAME=value).</summary>
    public IReadOnlyDictionary<string, string> Environment(string service)
    {
        var environment = Service(service).At("environment");
        return environment is YamlSequenceNode list
            ? list.Texts().Select(item => item.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair.ElementAtOrDefault(1) ?? "")
            : environment.TextEntries();
    }

    public IReadOnlyList<PublishedPort> Ports(string service) =>
        Service(service).At("ports").Texts().Select(PublishedPort.Parse).ToList();

    /// <summary>Bind mounts as (source as written, relative to the compose folder; target in the container).</summary>
    public IEnumerable<(string Source, string Target)> BindMounts(string service) => Service(service).At("volumes").Texts()
        .Where(volume => volume.StartsWith('.') || volume.StartsWith("${", StringComparison.Ordinal))
        .Select(volume =>
        {
            // A ${VAR:-default} source holds colons of its own.
            var sourceEnd = volume.StartsWith("${", StringComparison.Ordinal) ? volume.IndexOf('}') + 1 : volume.IndexOf(':');
            return (volume[..sourceEnd], volume[(sourceEnd + 1)..].Split(':')[0]);
        });
}
