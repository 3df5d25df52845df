using System.Xml.Linq;
using KeypointGrains.Deploy.Tests.Kubernetes;

namespace KeypointGrains.Deploy.Tests.Docker;

public class DockerfileTests
{
    public static TheoryData<string, string> Images() => new()
    {
        { "Dockerfile.silo-cpu", "src/Silo/Silo.csproj" },
        { "Dockerfile.silo-cuda", "src/Silo/Silo.csproj" },
        { "Dockerfile.client", "src/Client/Client.csproj" },
    };

    [SkippableTheory]
    [MemberData(nameof(Images))]
    public void Image_publishes_its_project_and_starts_its_assembly(string fileName, string project)
    {
        var dockerfile = Dockerfile.Load(fileName);
        var projectPath = RepositoryRoot.File(project);
        // Another helper's project may not have landed in this tree yet; once the solution lists it, it must exist.
        Skip.If(!File.Exists(projectPath) && !SolutionLists(project), $"{project} is not in this tree yet.");

        Assert.True(File.Exists(projectPath), $"{dockerfile.RelativePath} publishes {project}, which does not exist.");
        Assert.Equal(new[] { project }, dockerfile.PublishedProjects);
        Assert.Equal(["dotnet", AssemblyName(projectPath) + ".dll"],
            dockerfile.Final.EntryPoint.Select(part => Path.GetFileName(part)).ToArray());
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Image_builds_with_the_sdk_and_runs_on_a_runtime_only_base(string fileName, string project)
    {
        var dockerfile = Dockerfile.Load(fileName);
        var build = dockerfile.Stages.Single(stage => stage.BaseImage.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", StringComparison.Ordinal));

        Assert.True(dockerfile.Stages.Count >= 2, $"{fileName} should be multi-stage.");
        Assert.DoesNotContain("/sdk:", dockerfile.Final.BaseImage);
        Assert.Contains(dockerfile.Final.CopiesFromStages, copy => copy.Stage == build.Name);
        Assert.Contains(project, string.Join(' ', build.Arguments("RUN")));
    }

    [Fact]
    public void Every_file_an_image_copies_from_the_context_exists_and_survives_dockerignore()
    {
        foreach (var fileName in new[] { "Dockerfile.silo-cpu", "Dockerfile.silo-cuda", "Dockerfile.client" })
            Assert.All(Dockerfile.Load(fileName).Stages.SelectMany(stage => stage.ContextSources), source =>
            {
                Assert.True(Path.Exists(RepositoryRoot.File(source)), $"{fileName} copies {source}, which does not exist.");
                Assert.False(DockerIgnore.Shipped.Excludes(source), $".dockerignore drops {source}, which {fileName} copies.");
            });
    }

    [Fact]
    public void Cpu_silo_image_takes_libtorch_from_nuget_and_runs_on_cpu()
    {
        var dockerfile = Dockerfile.Load("Dockerfile.silo-cpu");

        Assert.DoesNotContain(dockerfile.PublishCommands, command => command.Contains("TorchBackend", StringComparison.Ordinal));
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", dockerfile.Final.BaseImage);
        Assert.Equal("cpu", dockerfile.Final.Environment[SiloSettings.Device]);
    }

    [Fact]
    public void Cuda_silo_image_runs_torchsharp_on_the_cuda_libtorch_it_copies_in()
    {
        var dockerfile = Dockerfile.Load("Dockerfile.silo-cuda");
        var libraryPath = dockerfile.Final.Environment["LD_LIBRARY_PATH"].Split(':')[0];

        Assert.Contains(dockerfile.PublishCommands, command => command.Contains("-p:TorchBackend=external", StringComparison.Ordinal));
        Assert.StartsWith("nvidia/cuda:12.", dockerfile.Final.BaseImage);
        Assert.EndsWith("torch/lib", libraryPath);
        Assert.Contains(dockerfile.Final.CopiesFromStages, copy => copy.Destination == libraryPath);
        Assert.Equal("cuda", dockerfile.Final.Environment[SiloSettings.Device]);
    }

    [Fact]
    public void Silo_images_expose_the_ports_the_kubernetes_containers_use()
    {
        Assert.All(KubernetesManifests.Workloads, workload =>
        {
            var flavour = workload.Image.Split(':')[^1];
            var exposed = Dockerfile.Load($"Dockerfile.silo-{flavour}").Final.ExposedPorts;
            Assert.All(new[] { "web", "silo", "gateway" }, port => Assert.Contains(workload.ContainerPort(port), exposed));
        });
    }

    [Fact]
    public void Dockerignore_drops_build_outputs_and_local_secrets_but_keeps_sources()
    {
        var ignore = DockerIgnore.Shipped;

        Assert.All(new[] { "src/Keypoints/bin/Release/net10.0/Keypoints.dll", "src/Silo/obj/project.assets.json",
                           ".git/HEAD", "runs/2026-01-01/checkpoint.bin", "kg.json", "deploy/compose/.env" },
            path => Assert.True(ignore.Excludes(path), $"{path} would be sent to the Docker daemon."));
        Assert.All(new[] { "src/Silo/Silo.csproj", "src/Keypoints/Schema/KeypointSchema.cs", "build/TorchSharpNative.targets",
                           "Directory.Packages.props" },
            path => Assert.False(ignore.Excludes(path), $"{path} would be missing from the build."));
    }

    private static bool SolutionLists(string project) =>
        File.ReadAllText(RepositoryRoot.File("KeypointGrains.sln")).Contains(project.Replace('/', '\\'), StringComparison.Ordinal);

    private static string AssemblyName(string projectPath) =>
        XDocument.Load(projectPath).Descendants("AssemblyName").LastOrDefault()?.Value
        ?? Path.GetFileNameWithoutExtension(projectPath);
}
