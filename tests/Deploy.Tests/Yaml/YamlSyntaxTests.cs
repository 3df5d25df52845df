namespace KeypointGrains.Deploy.Tests.Yaml;

public class YamlSyntaxTests
{
    public static TheoryData<string> DeployYamlFiles() =>
        new(RepositoryRoot.Files("deploy", ".yaml", ".yml").Select(RepositoryRoot.Relative));

    [Theory]
    [MemberData(nameof(DeployYamlFiles))]
    public void Every_yaml_file_in_deploy_parses_into_non_empty_mappings(string relativePath)
    {
        var documents = YamlFile.Load(RepositoryRoot.File(relativePath));

        Assert.NotEmpty(documents);
        Assert.All(documents, document => Assert.NotEmpty(document.Children));
    }

    [Fact]
    public void Deploy_has_the_files_its_readme_describes()
    {
        string[] expected =
        [
            "deploy/README.md",
            "deploy/docker/Dockerfile.silo-cpu", "deploy/docker/Dockerfile.silo-cuda", "deploy/docker/Dockerfile.client",
            "deploy/compose/docker-compose.yml", "deploy/compose/otel-collector-config.yaml", "deploy/compose/prometheus.yml",
            "deploy/grafana/keypointgrains-dashboard.json", "deploy/k8s/kustomization.yaml", ".dockerignore",
        ];

        Assert.All(expected, path => Assert.True(File.Exists(RepositoryRoot.File(path)), $"{path} is missing."));
    }
}
