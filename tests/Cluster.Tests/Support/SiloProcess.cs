using System.Collections.Concurrent;
using System.Diagnostics;

namespace KeypointGrains.Cluster.Tests.Support;

/// <summary>A silo of the real host (src/Silo) in a process of its own, so that a test can kill it.</summary>
public sealed class SiloProcess : IDisposable
{
    private const string ReadyLine = "silo ready: ";
    private readonly Process process;
    private readonly ConcurrentQueue<string> log = new();
    private readonly ConcurrentQueue<string> errors = new();
    private readonly TaskCompletionSource<string> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiloProcess(IEnumerable<string> arguments)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Debug|Release>/net10.0
        var host = Path.Combine(RepositoryRoot.Path, "src", "Silo", "bin", configuration, "net10.0", "Silo.dll");
        if (!File.Exists(host)) throw new FileNotFoundException($"The silo host is not built: {host}", host);
        var start = new ProcessStartInfo("dotnet", [host, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(host)!,
        };
        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) errors.Enqueue(e.Data);
            Record(e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The silo's address as the cluster names it (e.g. in a model's status).</summary>
    public string Address { get; private set; } = "";

    public static async Task<SiloProcess> StartAsync(IEnumerable<string> arguments, TimeSpan limit)
    {
        var silo = new SiloProcess(arguments);
        try
        {
            var line = await silo.ready.Task.WaitAsync(limit);
            silo.Address = line[ReadyLine.Length..].Split(' ')[0];
            return silo;
        }
        catch (TimeoutException)
        {
            silo.Dispose();
            throw new TimeoutException($"The silo did not start within {limit}:\n{silo.Log}");
        }
    }

    /// <summary>
    /// A silo that is meant to refuse to start: waits for its process to end and returns its exit code and what it wrote
    /// to stderr; fails the test with its log if it becomes ready instead.
    /// </summary>
    public static async Task<(int ExitCode, string[] Errors)> RefusalAsync(IEnumerable<string> arguments, TimeSpan limit)
    {
        using var silo = new SiloProcess(arguments);
        var exited = silo.process.WaitForExitAsync();
        if (await Task.WhenAny(exited, silo.ready.Task).WaitAsync(limit) != exited)
            throw new InvalidOperationException($"The silo started instead of refusing:\n{silo.Log}");
        return (silo.process.ExitCode, [.. silo.errors]);
    }

    public string Log => string.Join('\n', log.TakeLast(200));

    public bool Running => !process.HasExited;

    /// <summary>Ends the process at once, as a crash or a lost machine would.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited) Kill();
        process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is null) return;
        log.Enqueue(line);
        while (log.Count > 2000) log.TryDequeue(out _);
        if (line.StartsWith(ReadyLine)) ready.TrySetResult(line);
    }
}
