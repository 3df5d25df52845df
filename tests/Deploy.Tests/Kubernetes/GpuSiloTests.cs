using KeypointGrains.Deploy.Tests.Yaml;

namespace KeypointGrains.Deploy.Tests.Kubernetes;

public class GpuSiloTests
{
    private static Workload Gpu => KubernetesManifests.Workload("StatefulSet", "kg-silo-gpu");

    [Fact]
    public void Each_training_silo_asks_for_exactly_one_gpu()
    {
        var resources = Gpu.Container.At("resources");

        Assert.Equal("1", resources.At("limits", "nvidia.com/gpu").Text());
        Assert.Equal("cuda", Gpu.Literal(SiloSettings.Device));
        Assert.EndsWith(":cuda", Gpu.Image);
    }

    [Fact]
    public void Training_silos_are_scheduled_on_the_gpu_pool_and_tolerate_its_taint()
    {
        var nodeSelector = Gpu.PodSpec.At("nodeSelector").TextEntries();
        var tolerations = Gpu.PodSpec.At("tolerations").Items().ToList();

        Assert.NotEmpty(nodeSelector);
        Assert.Contains(tolerations, toleration =>
            toleration.At("key").Text() == "nvidia.com/gpu" && toleration.At("effect").Text() == "NoSchedule");
    }

    [Fact]
    public void There_is_one_gpu_per_training_grain_the_baseline_and_six_specialists()
    {
        Assert.Equal("7", Gpu.Manifest.Node.Text("spec", "replicas"));
    }

    [Fact]
    public void The_statefulset_governing_service_exists_and_is_headless()
    {
        var service = KubernetesManifests.Single("Service", Gpu.Manifest.Node.Text("spec", "serviceName"));

        Assert.Equal("None", service.Node.Text("spec", "clusterIP"));
        Assert.Subset(Gpu.PodLabels.ToHashSet(), service.Node.At("spec", "selector").TextEntries().ToHashSet());
    }
}
