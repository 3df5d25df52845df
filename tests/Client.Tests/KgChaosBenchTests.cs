namespace KeypointGrains.Client.Tests;

/// <summary>kg bench chaos --partition on a machine where hosts cannot be made: one line that says why, before anything starts.</summary>
public class KgChaosBenchTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("kg-chaos-").FullName;

    [Fact]
    public async Task Partition_mode_without_ip_refuses_in_one_line()
    {
        var refused = await KgProcess.RunWithEmptyPathAsync(folder, "bench", "chaos", "--partition", "--data", "training.csv");

        Assert.True(refused.ExitCode == 1, refused.ToString());
        var line = Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(Environment.UserName == "root"
            ? "kg: kg bench chaos --partition: hosts as network namespaces need ip (iproute2), which is not installed."
            : "kg: kg bench chaos --partition: hosts as network namespaces need root.", line);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
