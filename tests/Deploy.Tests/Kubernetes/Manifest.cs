using KeypointGrains.Deploy.Tests.Yaml;
using YamlDotNet.RepresentationModel;

namespace KeypointGrains.Deploy.Tests.Kubernetes;

/// <summary>One Kubernetes object and the file it came from.</summary>
public sealed record Manifest(string File, YamlMappingNode Node)
{
    public string Kind => Node.Text("kind");
    public string Name => Node.Text("metadata", "name");
    public string? Namespace => Node.At("metadata", "namespace").Text();
    public bool IsTemplate => File.EndsWith(".template.yaml", StringComparison.Ordinal);

    public override string ToString() => $"{Kind}/{Name} ({File})";
}
