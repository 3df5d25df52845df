using KeypointGrains.ClusterClient.Connection;
using Microsoft.Extensions.Configuration;
using KeypointGrains.Deploy.Tests.Yaml;

namespace KeypointGrains.Deploy.Tests.Kubernetes;

/// <summary>What every silo workload needs to join the one Orleans cluster and be operated.</summary>
public class SiloClusterTests
{
    public static TheoryData<string, string> Silos()
    {
        var silos = new TheoryData<string, string>();
        foreach (var workload in KubernetesManifests.Workloads)
            silos.Add(workload.Manifest.Kind, workload.Manifest.Name);
        return silos;
    }

    [Fact]
    public void There_are_gpu_and_cpu_silo_workloads() =>
        Assert.Equal(new[] { "Deployment/kg-silo-inference", "StatefulSet/kg-silo-gpu" },
            KubernetesManifests.Workloads.Select(workload => $"{workload.Manifest.Kind}/{workload.Manifest.Name}").Order());

    [Fact]
    public void All_silo_workloads_carry_the_same_orleans_service_and_cluster_labels()
    {
        var identities = KubernetesManifests.Workloads
            .Select(workload => (workload.PodLabels["orleans/serviceId"], workload.PodLabels["orleans/clusterId"]))
            .Distinct();

        Assert.Single(identities);
    }

    [Theory]
    [MemberData(nameof(Silos))]
    public void Orleans_kubernetes_hosting_gets_its_pod_facts_from_the_downward_api(string kind, string name)
    {
        var environment = KubernetesManifests.Workload(kind, name).Environment;

        Assert.Equal(new FieldValue("metadata.name"), environment["POD_NAME"]);
        Assert.Equal(new FieldValue("metadata.namespace"), environment["POD_NAMESPACE"]);
        Assert.Equal(new FieldValue("status.podIP"), environment["POD_IP"]);
        Assert.Equal(new FieldValue("metadata.labels['orleans/serviceId']"), environment["ORLEANS_SERVICE_ID"]);
        Assert.Equal(new FieldValue("metadata.labels['orleans/clusterId']"), environment["ORLEANS_CLUSTER_ID"]);
    }

    [Theory]
    [MemberData(nameof(Silos))]
    public void The_silo_service_account_may_read_watch_and_label_pods_in_its_namespace(string kind, string name)
    {
        var workload = KubernetesManifests.Workload(kind, name);
        var account = workload.PodSpec.Text("serviceAccountName");
        var bindings = KubernetesManifests.OfKind("RoleBinding").Where(binding => binding.Node.At("subjects").Items()
            .Any(subject => subject.Text("kind") == "ServiceAccount" && subject.Text("name") == account
                            && subject.At("namespace").Text() == workload.Manifest.Namespace));
        var verbs = bindings
            .Select(binding => KubernetesManifests.Single(binding.Node.Text("roleRef", "kind"), binding.Node.Text("roleRef", "name")))
            .SelectMany(role => role.Node.At("rules").Items())
            .Where(rule => rule.At("apiGroups").Texts().Contains("") && rule.At("resources").Texts().Contains("pods"))
            .SelectMany(rule => rule.At("verbs").Texts())
            .ToHashSet();

        KubernetesManifests.Single("ServiceAccount", account);
        Assert.Subset(verbs, new HashSet<string> { "get", "list", "watch", "patch" });
    }

    [Theory]
    [MemberData(nameof(Silos))]
    public void Clustering_and_persistence_use_azure_storage_from_the_secret(string kind, string name)
    {
        var workload = KubernetesManifests.Workload(kind, name);
        var connection = Assert.IsType<SecretValue>(workload.Environment[SiloSettings.StorageConnectionString]);
        var template = KubernetesManifests.Single("Secret", connection.Secret);

        Assert.Equal(SiloSettings.AzureStorage, workload.Literal(SiloSettings.Clustering));
        Assert.Equal(SiloSettings.AzureStorage, workload.Literal(SiloSettings.StorageKind));
        Assert.True(template.IsTemplate, $"{template} should be a template, not a secret with values.");
        Assert.Contains(connection.Key, template.Node.At("stringData").TextEntries().Keys);
    }

    [Theory]
    [MemberData(nameof(Silos))]
    public void Silos_are_probed_on_health_at_the_web_port_and_ready_when_the_front_door_is(string kind, string name)
    {
        var workload = KubernetesManifests.Workload(kind, name);
        var webPort = workload.ContainerPort("web");

        Assert.NotNull(workload.Container.At("readinessProbe"));
        Assert.NotNull(workload.Container.At("livenessProbe"));
        foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" }.Where(probe => workload.Container.At(probe) is not null))
        {
            var check = workload.Container.At(probe, "httpGet");
            Assert.True(check is not null, $"{workload.Manifest}: {probe} is not an HTTP check.");
            // Readiness is the front door's: it turns false as a silo starts to stop, so the Services stop sending to it.
            Assert.Equal(probe == "readinessProbe" ? "/v2/health/ready" : "/health", check.Text("path"));
            Assert.Equal(webPort, ResolvePort(workload, check.Text("port")));
        }
        Assert.Equal(webPort, SiloSettings.WebEndpoint(workload.Literal(SiloSettings.WebUrls)).Port);
    }

    [Theory]
    [MemberData(nameof(Silos))]
    public void Prometheus_scrapes_metrics_on_the_web_port(string kind, string name)
    {
        var workload = KubernetesManifests.Workload(kind, name);

        Assert.Equal("true", workload.PodAnnotations["prometheus.io/scrape"]);
        Assert.Equal("/metrics", workload.PodAnnotations["prometheus.io/path"]);
        Assert.Equal(workload.ContainerPort("web"), int.Parse(workload.PodAnnotations["prometheus.io/port"]));
        Assert.Contains(workload.Environment.Keys, key => key.StartsWith(SiloSettings.TelemetryExporterPrefix, StringComparison.Ordinal)
            && workload.Literal(key) == "prometheus");
    }

    [Theory]
    [MemberData(nameof(Silos))]
    public void Container_ports_are_the_configured_orleans_ports(string kind, string name)
    {
        var workload = KubernetesManifests.Workload(kind, name);

        Assert.Equal(workload.ContainerPort("silo"), int.Parse(workload.Literal(SiloSettings.SiloPort)));
        Assert.Equal(workload.ContainerPort("gateway"), int.Parse(workload.Literal(SiloSettings.GatewayPort)));
    }

    [Theory]
    [MemberData(nameof(Silos))]
    public void Dashboards_on_the_pod_address_take_credentials_from_the_secret(string kind, string name)
    {
        var workload = KubernetesManifests.Workload(kind, name);
        var (host, _) = SiloSettings.WebEndpoint(workload.Literal(SiloSettings.WebUrls));

        // Probes, Prometheus and the dashboard Service reach the pod IP, so the web host must bind beyond loopback,
        // which the Silo allows only with credentials.
        Assert.False(SiloSettings.IsLoopback(host));

        foreach (var (variable, key) in new[] { (SiloSettings.DashboardUsername, "username"), (SiloSettings.DashboardPassword, "password") })
        {
            var secret = Assert.IsType<SecretValue>(workload.Environment[variable]);
            Assert.Equal(key, secret.Key);
            Assert.Contains(key, KubernetesManifests.Single("Secret", secret.Secret).Node.At("stringData").TextEntries().Keys);
        }
    }

    [Fact]
    public void The_dashboard_service_reaches_the_web_port_of_every_silo()
    {
        var service = KubernetesManifests.Single("Service", "kg-dashboard").Node;
        var selector = service.At("spec", "selector").TextEntries().ToHashSet();
        var targetPort = service.At("spec", "ports").Items().Single().Text("targetPort");

        Assert.All(KubernetesManifests.Workloads, workload =>
        {
            Assert.Subset(workload.PodLabels.ToHashSet(), selector);
            Assert.Equal(workload.ContainerPort("web"), ResolvePort(workload, targetPort));
        });
    }

    [Theory]
    [MemberData(nameof(Silos))]
    public void The_front_door_listens_on_the_grpc_port_with_limits_that_ClusterSettings_binds(string kind, string name)
    {
        var workload = KubernetesManifests.Workload(kind, name);

        Assert.Equal(workload.ContainerPort("grpc"), SiloSettings.WebEndpoint(workload.Literal(SiloSettings.GrpcUrls)).Port);
        var limits = workload.Environment.Keys.Where(key => key.StartsWith(SiloSettings.FrontDoorPrefix, StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(limits);
        // Each is a setting FrontDoorSettings has, with a value it takes.
        var names = typeof(FrontDoorSettings).GetProperties().Select(p => p.Name).ToArray();
        Assert.All(limits, key => Assert.Contains(key[SiloSettings.FrontDoorPrefix.Length..], names));
        var settings = ClusterSettings.From(new ConfigurationBuilder().AddInMemoryCollection(limits.Select(key =>
            KeyValuePair.Create($"FrontDoor:{key[SiloSettings.FrontDoorPrefix.Length..]}", (string?)workload.Literal(key)))).Build());
        Assert.Equal(int.Parse(workload.Literal(SiloSettings.FrontDoorPrefix + nameof(FrontDoorSettings.MaxRequestBytes))),
            settings.FrontDoor.MaxRequestBytes);
    }

    [Fact]
    public void The_inference_service_reaches_the_web_and_grpc_ports_of_every_silo()
    {
        var service = KubernetesManifests.Single("Service", "kg-inference").Node;
        var selector = service.At("spec", "selector").TextEntries().ToHashSet();
        var targets = service.At("spec", "ports").Items().Select(port => port.Text("targetPort")).ToArray();

        Assert.Equal(["web", "grpc"], targets);
        Assert.All(KubernetesManifests.Workloads, workload =>
        {
            Assert.Subset(workload.PodLabels.ToHashSet(), selector);
            Assert.All(targets, target => workload.ContainerPort(target));
        });
    }

    [Fact]
    public void Every_namespaced_object_lives_in_the_namespace_the_manifests_create()
    {
        var created = KubernetesManifests.OfKind("Namespace").Single().Name;

        Assert.All(KubernetesManifests.All.Where(manifest => manifest.Kind != "Namespace"),
            manifest => Assert.Equal(created, manifest.Namespace));
    }

    private static int ResolvePort(Workload workload, string port) =>
        int.TryParse(port, out var number) ? number : workload.ContainerPort(port);
}
