using System.Diagnostics;
using System.Runtime.InteropServices;
using KeypointGrains.Observability.Tests.Support;

namespace KeypointGrains.Observability.Tests.FrontDoor;

/// <summary>
/// A client in another language: Python's grpcio with stubs generated at test time from our .proto (Debian's
/// python3-grpcio and python3-grpc-tools, which .ci/run installs) gets the answers of the cluster's own client path.
/// </summary>
[Collection(ServingSiloCollection.Name)]
public class FrontDoorPythonClientTests(ServingSilo silo)
{
    // Debian's interpreter, where its python3-grpcio packages live (a python3 earlier on PATH may lack them).
    private static readonly string Python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    [SkippableFact]
    public async Task Python_stubs_generated_from_our_proto_get_the_clusters_answers_within_a_ten_thousandth_of_a_pixel()
    {
        silo.RequireCampaign();
        Skip.If(!await PythonHasGrpcAsync(),
            "Python's grpcio and grpc_tools are not installed (apt-get install python3-grpcio python3-grpc-tools).");
        using var folder = new TemporaryFolder();
        var proto = RepositoryRoot.File("src/Silo/Protos/open_inference.proto");
        var generated = await RunAsync("-m", "grpc_tools.protoc", $"-I{Path.GetDirectoryName(proto)}", $"--python_out={folder.Path}",
            $"--grpc_python_out={folder.Path}", Path.GetFileName(proto));
        Assert.True(generated.ExitCode == 0, generated.Output);
        var faces = Path.Combine(folder.Path, "faces.bin");
        var answers = Path.Combine(folder.Path, "keypoints.bin");
        await File.WriteAllBytesAsync(faces, silo.Faces.Pixels);

        var client = await RunAsync(RepositoryRoot.File("tests/Observability.Tests/FrontDoor/infer_client.py"), folder.Path,
            "open_inference", silo.GrpcAddress, ServingSilo.Campaign, faces, silo.Faces.Count.ToString(), answers);

        Assert.True(client.ExitCode == 0, client.Output);
        Assert.Contains($"version={silo.Manifest.Version}", client.Output);
        var keypoints = MemoryMarshal.Cast<byte, float>(await File.ReadAllBytesAsync(answers)).ToArray();
        var expected = await silo.Expected(silo.Faces);
        ServingSilo.AssertClose(expected, keypoints[..expected.Length]);
        ServingSilo.AssertClose(expected, keypoints[expected.Length..]);
    }

    private static async Task<bool> PythonHasGrpcAsync()
    {
        try
        {
            return (await RunAsync("-c", "import grpc, grpc_tools")).ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no Python at all
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(Python, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output + await error);
    }
}
