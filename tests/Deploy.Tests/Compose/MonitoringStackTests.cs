using KeypointGrains.Deploy.Tests.Grafana;
using KeypointGrains.Deploy.Tests.Tools;
using KeypointGrains.Deploy.Tests.Yaml;
using YamlDotNet.RepresentationModel;

namespace KeypointGrains.Deploy.Tests.Compose;

/// <summary>Prometheus, the collector and Grafana in the compose stack are wired to each other and to the silos.</summary>
public class MonitoringStackTests
{
    private static ComposeFile Compose => ComposeFile.Local;
    private static readonly string PrometheusConfigPath = RepositoryRoot.File($"{ComposeFile.Folder}/prometheus.yml");
    private static YamlMappingNode PrometheusConfig => YamlFile.LoadSingle(PrometheusConfigPath);
    private static YamlMappingNode CollectorConfig => YamlFile.LoadSingle(RepositoryRoot.File($"{ComposeFile.Folder}/otel-collector-config.yaml"));

    private static YamlNode ScrapeJob(string name) => PrometheusConfig.At("scrape_configs").Items()
        .Single(job => job.Text("job_name") == name);

    private static IEnumerable<string> Targets(YamlNode job) =>
        job.At("static_configs").Items().SelectMany(config => config.At("targets").Texts());

    [Fact]
    public void Prometheus_scrapes_metrics_from_every_silo_at_its_web_port()
    {
        var job = ScrapeJob("kg-silo");
        var expected = Compose.Silos
            .Select(silo => $"{silo}:{SiloSettings.WebEndpoint(Compose.Environment(silo)[SiloSettings.WebUrls]).Port}")
            .Order(StringComparer.Ordinal);

        Assert.Equal("/metrics", job.Text("metrics_path"));
        Assert.Equal(expected, Targets(job).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Prometheus_runs_with_the_config_checked_here()
    {
        Assert.Contains(Compose.BindMounts("prometheus"), mount =>
            mount.Source == "./prometheus.yml" && Compose.Service("prometheus").At("command").Texts()
                .Contains($"--config.file={mount.Target}"));
    }

    [Fact]
    public void The_collector_pipelines_use_defined_components_and_its_metrics_are_scraped()
    {
        var defined = new[] { "receivers", "processors", "exporters" }
            .ToDictionary(kind => kind, kind => CollectorConfig.At(kind).Entries().Select(entry => entry.Key).ToHashSet());
        var pipelines = CollectorConfig.At("service", "pipelines").Entries().ToList();
        var prometheusPort = CollectorConfig.Text("exporters", "prometheus", "endpoint").Split(':')[^1];

        Assert.Contains(pipelines, pipeline => pipeline.Key == "traces");
        Assert.All(pipelines, pipeline =>
        {
            foreach (var kind in defined.Keys)
                Assert.Subset(defined[kind], pipeline.Value.At(kind).Texts().ToHashSet());
        });
        Assert.Contains($"otel-collector:{prometheusPort}", Targets(ScrapeJob("otel-collector")));
        Assert.Contains(Compose.BindMounts("otel-collector"), mount => mount.Source == "./otel-collector-config.yaml");
    }

    [Fact]
    public void The_collector_exports_traces_to_a_service_in_the_stack()
    {
        var endpoint = CollectorConfig.Text("exporters", "otlp/jaeger", "endpoint");

        Assert.Contains(endpoint.Split(':')[0], Compose.Services.Keys);
    }

    [Fact]
    public void Grafana_provisions_the_prometheus_datasource_of_the_stack()
    {
        var datasource = YamlFile.LoadSingle(RepositoryRoot.File($"{ComposeFile.Folder}/grafana/provisioning/datasources/prometheus.yaml"))
            .At("datasources").Items().Single(source => source.Text("type") == "prometheus");
        var url = new Uri(datasource.Text("url"));

        Assert.Equal("prometheus", url.Host);
        Assert.Contains(Compose.Ports("prometheus"), port => port.ContainerPort == url.Port);
        Assert.Contains(Compose.BindMounts("grafana"), mount => mount.Source == "./grafana/provisioning" && mount.Target == "/etc/grafana/provisioning");
    }

    [Fact]
    public void Grafana_loads_the_dashboard_from_the_mounted_deploy_grafana_folder()
    {
        var provider = YamlFile.LoadSingle(RepositoryRoot.File($"{ComposeFile.Folder}/grafana/provisioning/dashboards/keypointgrains.yaml"))
            .At("providers").Items().Single();
        var path = provider.Text("options", "path");
        var mount = Compose.BindMounts("grafana").Single(mount => mount.Target == path);
        var mountedFolder = Path.GetFullPath(Path.Combine(RepositoryRoot.File(ComposeFile.Folder), mount.Source));

        Assert.Equal(Path.GetDirectoryName(RepositoryRoot.File(GrafanaDashboard.RelativePath)), mountedFolder);
    }

    [SkippableFact]
    public void Promtool_accepts_the_prometheus_config()
    {
        var promtool = ExternalTool.Find("promtool");
        Skip.If(promtool is null, "promtool (Debian package 'prometheus') is not installed: prometheus.yml was only parsed as YAML.");

        var (exitCode, output) = promtool.Run("check", "config", PrometheusConfigPath);

        Assert.True(exitCode == 0, output);
    }
}
