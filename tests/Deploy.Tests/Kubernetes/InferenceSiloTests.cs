using KeypointGrains.Deploy.Tests.Yaml;

namespace KeypointGrains.Deploy.Tests.Kubernetes;

public class InferenceSiloTests
{
    private static Workload Inference => KubernetesManifests.Workload("Deployment", "kg-silo-inference");

    [Fact]
    public void Inference_silos_run_on_cpu_without_gpu_resources()
    {
        var resources = Inference.Container.At("resources");

        Assert.Null(resources.At("limits", "nvidia.com/gpu"));
        Assert.Null(resources.At("requests", "nvidia.com/gpu"));
        Assert.Equal("cpu", Inference.Literal(SiloSettings.Device));
        Assert.EndsWith(":cpu", Inference.Image);
    }

    [Fact]
    public void An_autoscaler_scales_the_inference_deployment_on_cpu()
    {
        var autoscaler = KubernetesManifests.OfKind("HorizontalPodAutoscaler").Single().Node;
        var target = autoscaler.At("spec", "scaleTargetRef");
        var metric = autoscaler.At("spec", "metrics").Items().Single();

        Assert.Equal(("apps/v1", "Deployment", "kg-silo-inference"),
            (target.Text("apiVersion"), target.Text("kind"), target.Text("name")));
        Assert.True(int.Parse(autoscaler.Text("spec", "minReplicas")) < int.Parse(autoscaler.Text("spec", "maxReplicas")));
        Assert.Equal("cpu", metric.Text("resource", "name"));
        // Utilization is measured against the request; without one the autoscaler cannot act.
        Assert.NotNull(Inference.Container.At("resources", "requests", "cpu").Text());
    }
}
