using KeypointGrains.Deploy.Tests.Tools;
using KeypointGrains.Deploy.Tests.Yaml;

namespace KeypointGrains.Deploy.Tests.Kubernetes;

public class KustomizationTests
{
    private static readonly string KustomizationPath =
        RepositoryRoot.File(Path.Combine(KubernetesManifests.Folder, KubernetesManifests.KustomizationFile));

    [Fact]
    public void Kustomization_applies_every_manifest_except_the_secret_templates()
    {
        var listed = YamlFile.LoadSingle(KustomizationPath).At("resources").Texts().Order(StringComparer.Ordinal);
        var manifests = KubernetesManifests.All.Where(manifest => !manifest.IsTemplate)
            .Select(manifest => Path.GetFileName(manifest.File)).Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(manifests, listed);
    }

    [SkippableFact]
    public void Kubectl_builds_the_kustomization_into_namespaced_objects()
    {
        var kubectl = ExternalTool.Find("kubectl");
        Skip.If(kubectl is null, "kubectl is not on PATH: the kustomization was not built.");

        var (exitCode, output) = kubectl.Run("kustomize", Path.GetDirectoryName(KustomizationPath)!);

        Assert.True(exitCode == 0, output);
        Assert.Contains("kind: StatefulSet", output);
        Assert.Contains("kind: HorizontalPodAutoscaler", output);
        Assert.DoesNotContain("kind: Secret", output);
    }
}
