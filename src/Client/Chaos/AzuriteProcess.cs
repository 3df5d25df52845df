using System.Diagnostics;
using System.Net.Sockets;
using KeypointGrains.Client.Processes;

namespace KeypointGrains.Client.Chaos;

/// <summary>
/// Azurite in a process of its own, on ports of <paramref name="address"/> (loopback unless it runs on a host of
/// <see cref="Hosts.NetworkHosts"/>, started through <paramref name="launcher"/>) and a data folder that it keeps across
/// <see cref="Stop"/> and <see cref="StartAsync"/>: a storage outage that ends with the data intact.
/// </summary>
public sealed class AzuriteProcess(string executable, string dataFolder, string address = "127.0.0.1", IReadOnlyList<string>? launcher = null)
    : IDisposable
{
    // Azurite's well-known development key: it only ever listens on loopback or a test network's documentation range.
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly (int Blob, int Queue, int Table) ports = (LoopbackPort.Free(), LoopbackPort.Free(), LoopbackPort.Free());
    private readonly List<string> output = [];
    private Process? process;

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentKey};" +
        $"BlobEndpoint=http://{address}:{ports.Blob}/devstoreaccount1;QueueEndpoint=http://{address}:{ports.Queue}/devstoreaccount1;" +
        $"TableEndpoint=http://{address}:{ports.Table}/devstoreaccount1;";

    public bool Running => process is { HasExited: false };

    public async Task StartAsync(TimeSpan limit)
    {
        Directory.CreateDirectory(dataFolder);
        // An error names what this start printed, not what the one before said as it stopped.
        lock (output) output.Clear();
        string[] command =
        [
            .. launcher ?? [], executable, "--silent", "--skipApiVersionCheck", "--loose", "--location", dataFolder,
            "--blobHost", address, "--blobPort", $"{ports.Blob}", "--queueHost", address, "--queuePort", $"{ports.Queue}",
            "--tableHost", address, "--tablePort", $"{ports.Table}",
        ];
        process = Process.Start(new ProcessStartInfo(command[0], command[1..]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        // Drained, or a full pipe would stall it; kept for the error message should it not start.
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + limit;
        while (!(Listening(address, ports.Blob) && Listening(address, ports.Queue) && Listening(address, ports.Table)))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"Azurite did not open its ports within {limit}: {Tail()}");
            await Task.Delay(100);
        }
    }

    /// <summary>Stops Azurite the way an operator would (SIGTERM: it saves its data), killing it if that takes over 10 s.</summary>
    public void Stop()
    {
        if (process is null || process.HasExited) return;
        Process.Start("kill", ["-TERM", $"{process.Id}"])!.WaitForExit();
        if (!process.WaitForExit(TimeSpan.FromSeconds(10))) process.Kill(entireProcessTree: true);
        process.Dispose();
        process = null;
    }

    public void Dispose() => Stop();

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (output) output.Add(line);
    }

    private string Tail()
    {
        lock (output) return string.Join(" | ", output.TakeLast(5));
    }

    private static bool Listening(string address, int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(address, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
