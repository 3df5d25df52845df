using KeypointGrains.Deploy.Tests.Yaml;
using YamlDotNet.RepresentationModel;

namespace KeypointGrains.Deploy.Tests.Kubernetes;

/// <summary>A Deployment or StatefulSet seen through its pod template and its one container.</summary>
public sealed record Workload(Manifest Manifest, IReadOnlyList<Manifest> ConfigMaps)
{
    public YamlNode? PodTemplate => Manifest.Node.At("spec", "template");
    public YamlNode? PodSpec => PodTemplate.At("spec");
    public IReadOnlyDictionary<string, string> PodLabels => PodTemplate.At("metadata", "labels").TextEntries();
    public IReadOnlyDictionary<string, string> PodAnnotations => PodTemplate.At("metadata", "annotations").TextEntries();

    public YamlNode Container => PodSpec.At("containers").Items().ToList() is [var only]
        ? only
        : throw new InvalidDataException($"{Manifest}: expected exactly one container.");

    public string Image => Container.Text("image");

    public int ContainerPort(string name) => Container.At("ports").Items()
        .Where(port => port.Text("name") == name)
        .Select(port => int.Parse(port.Text("containerPort")))
        .Single();

    /// <summary>The container's environment as Kubernetes builds it: envFrom ConfigMaps first, env overriding.</summary>
    public IReadOnlyDictionary<string, EnvValue> Environment
    {
        get
        {
            var environment = new Dictionary<string, EnvValue>();
            foreach (var source in Container.At("envFrom").Items())
            {
                var name = source.Text("configMapRef", "name");
                var configMap = ConfigMaps.SingleOrDefault(map => map.Name == name)
                    ?? throw new InvalidDataException($"{Manifest}: envFrom names ConfigMap {name}, which is not defined.");
                foreach (var (key, value) in configMap.Node.At("data").TextEntries())
                    environment[key] = new LiteralValue(value);
            }
            foreach (var variable in Container.At("env").Items())
                environment[variable.Text("name")] = Describe(variable);
            return environment;
        }
    }

    public string Literal(string variable) => Environment.TryGetValue(variable, out var value) && value is LiteralValue literal
        ? literal.Value
        : throw new KeyNotFoundException($"{Manifest}: {variable} is not set to a literal value.");

    private EnvValue Describe(YamlNode variable)
    {
        if (variable.At("value").Text() is { } value) return new LiteralValue(value);
        if (variable.At("valueFrom", "fieldRef", "fieldPath").Text() is { } field) return new FieldValue(field);
        if (variable.At("valueFrom", "secretKeyRef") is { } secret)
            return new SecretValue(secret.Text("name"), secret.Text("key"));
        throw new InvalidDataException($"{Manifest}: env {variable.Text("name")} has a source these tests don't know.");
    }
}
