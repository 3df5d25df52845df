using KeypointGrains.Deploy.Tests.Kubernetes;
using KeypointGrains.Deploy.Tests.Yaml;

namespace KeypointGrains.Deploy.Tests.Compose;

public class ComposeClusterTests
{
    private static ComposeFile Compose => ComposeFile.Local;

    [Fact]
    public void Compose_runs_three_silos_azurite_a_collector_prometheus_and_grafana()
    {
        Assert.Equal(3, Compose.Silos.Count);
        Assert.Subset(Compose.Services.Keys.ToHashSet(), new HashSet<string> { "azurite", "otel-collector", "prometheus", "grafana" });
        Assert.StartsWith("mcr.microsoft.com/azure-storage/azurite", Compose.Service("azurite").Text("image"));
    }

    [Fact]
    public void Silos_have_distinct_silo_gateway_and_web_ports()
    {
        var ports = Compose.Silos.SelectMany(silo =>
        {
            var environment = Compose.Environment(silo);
            return new[]
            {
                int.Parse(environment[SiloSettings.SiloPort]),
                int.Parse(environment[SiloSettings.GatewayPort]),
                SiloSettings.WebEndpoint(environment[SiloSettings.WebUrls]).Port,
            };
        }).ToList();

        Assert.Equal(3 * Compose.Silos.Count, ports.Distinct().Count());
    }

    [Fact]
    public void Silos_publish_their_own_web_and_gateway_ports_on_loopback()
    {
        Assert.All(Compose.Silos, silo =>
        {
            var environment = Compose.Environment(silo);
            var published = Compose.Ports(silo);
            var web = SiloSettings.WebEndpoint(environment[SiloSettings.WebUrls]).Port;
            var gateway = int.Parse(environment[SiloSettings.GatewayPort]);

            Assert.Contains(published, port => port.ContainerPort == web && port.HostPort == web);
            Assert.Contains(published, port => port.ContainerPort == gateway && port.HostPort == gateway);
        });
        var allPublished = Compose.Services.Keys.SelectMany(Compose.Ports).ToList();
        Assert.All(allPublished, port => Assert.Equal("127.0.0.1", port.HostIp));
        Assert.Equal(allPublished.Count, allPublished.Select(port => port.HostPort).Distinct().Count());
    }

    [Fact]
    public void Silos_cluster_and_persist_through_azurite()
    {
        var azuritePorts = Compose.Ports("azurite").Select(port => port.ContainerPort).ToHashSet();

        Assert.All(Compose.Silos, silo =>
        {
            var environment = Compose.Environment(silo);
            var connection = environment[SiloSettings.StorageConnectionString].Split(';', StringSplitOptions.RemoveEmptyEntries)
                .Select(part => part.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);

            Assert.Equal(SiloSettings.AzureStorage, environment[SiloSettings.Clustering]);
            Assert.Equal(SiloSettings.AzureStorage, environment[SiloSettings.StorageKind]);
            Assert.Equal(SecretTemplateTests.AzuriteDevelopmentKey, connection["AccountKey"]);
            foreach (var endpoint in new[] { "BlobEndpoint", "QueueEndpoint", "TableEndpoint" })
            {
                var uri = new Uri(connection[endpoint]);
                Assert.Equal("azurite", uri.Host);
                Assert.Contains(uri.Port, azuritePorts);
            }
        });
    }

    [Fact]
    public void Silos_listen_on_the_container_address_with_dashboard_credentials_the_user_supplies()
    {
        Assert.All(Compose.Silos, silo =>
        {
            var environment = Compose.Environment(silo);
            // Prometheus scrapes the silos across the compose network, so loopback would not do; the Silo allows
            // a wider bind only with credentials.
            Assert.False(SiloSettings.IsLoopback(SiloSettings.WebEndpoint(environment[SiloSettings.WebUrls]).Host));
            Assert.False(string.IsNullOrWhiteSpace(environment.GetValueOrDefault(SiloSettings.DashboardUsername)));
            // A required ${VAR:?message} substitution: compose refuses to start without it, and no password is committed.
            Assert.Matches(@"^\$\{[A-Z_]+:\?[^}]+\}$", environment[SiloSettings.DashboardPassword]);
        });
        Assert.Matches(@"^\$\{[A-Z_]+:\?[^}]+\}$", Compose.Environment("grafana")["GF_SECURITY_ADMIN_PASSWORD"]);
    }

    [Fact]
    public void Silos_send_otlp_to_a_port_the_collector_listens_on()
    {
        var collector = YamlFile.LoadSingle(RepositoryRoot.File($"{ComposeFile.Folder}/otel-collector-config.yaml"));
        var listening = collector.At("receivers", "otlp", "protocols").Entries()
            .Select(protocol => int.Parse(protocol.Value.Text("endpoint").Split(':')[^1])).ToHashSet();

        Assert.All(Compose.Silos, silo =>
        {
            var environment = Compose.Environment(silo);
            var endpoint = new Uri(environment[SiloSettings.OtlpEndpoint]);

            Assert.Equal("otel-collector", endpoint.Host);
            Assert.Contains(endpoint.Port, listening);
            Assert.Contains(environment, entry => entry.Key.StartsWith(SiloSettings.TelemetryExporterPrefix, StringComparison.Ordinal) && entry.Value == "otlp");
        });
    }

    [Fact]
    public void Every_bind_mount_and_build_input_exists()
    {
        var composeFolder = RepositoryRoot.File(ComposeFile.Folder);

        Assert.All(Compose.Services, service =>
        {
            foreach (var (source, _) in Compose.BindMounts(service.Key).Where(mount => !mount.Source.StartsWith("${", StringComparison.Ordinal)))
                Assert.True(Path.Exists(Path.Combine(composeFolder, source)), $"{service.Key} mounts {source}, which does not exist.");
            if (service.Value.At("build") is { } build)
            {
                var context = Path.GetFullPath(Path.Combine(composeFolder, build.Text("context")));
                Assert.True(File.Exists(Path.Combine(context, build.Text("dockerfile"))), $"{service.Key}: no {build.Text("dockerfile")}");
            }
        });
    }

    [Fact]
    public void Silo_services_build_the_cpu_silo_image_they_are_tagged_with()
    {
        Assert.All(Compose.Silos, silo =>
        {
            var service = Compose.Service(silo);
            Assert.Equal("keypointgrains/silo:cpu", service.Text("image"));
            Assert.Equal("deploy/docker/Dockerfile.silo-cpu", service.Text("build", "dockerfile"));
            Assert.Equal("cpu", Compose.Environment(silo)[SiloSettings.Device]);
        });
    }
}
