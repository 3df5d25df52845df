using KeypointGrains.Deploy.Tests.Yaml;

namespace KeypointGrains.Deploy.Tests.Kubernetes;

/// <summary>Every object in deploy/k8s (templates included), parsed once.</summary>
public static class KubernetesManifests
{
    public const string Folder = "deploy/k8s";
    public const string KustomizationFile = "kustomization.yaml";

    public static IReadOnlyList<Manifest> All { get; } = RepositoryRoot.Files(Folder, ".yaml", ".yml")
        .Where(path => Path.GetFileName(path) != KustomizationFile)
        .SelectMany(path => YamlFile.Load(path).Select(node => new Manifest(RepositoryRoot.Relative(path), node)))
        .ToList();

    public static Manifest Single(string kind, string name) =>
        All.SingleOrDefault(manifest => manifest.Kind == kind && manifest.Name == name)
        ?? throw new KeyNotFoundException($"No {kind}/{name} in {Folder}.");

    public static IEnumerable<Manifest> OfKind(string kind) => All.Where(manifest => manifest.Kind == kind);

    public static IReadOnlyList<Workload> Workloads { get; } = All
        .Where(manifest => manifest.Kind is "Deployment" or "StatefulSet")
        .Select(manifest => new Workload(manifest, OfKind("ConfigMap").ToList()))
        .ToList();

    public static Workload Workload(string kind, string name) =>
        Workloads.Single(workload => workload.Manifest.Kind == kind && workload.Manifest.Name == name);
}
