using System.Collections.Concurrent;
using System.Diagnostics;

namespace KeypointGrains.Client.Processes;

/// <summary>A silo of the real host (src/Silo) in a process of its own, so that it can be killed as a crash would end it.</summary>
public sealed class SiloProcess : IDisposable
{
    private const string ReadyPrefix = "silo ready: ";
    private readonly Process process;
    private readonly ConcurrentQueue<string> log = new();
    private readonly ConcurrentQueue<string> errors = new();
    private readonly TaskCompletionSource<string> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiloProcess(string host, IEnumerable<string> arguments, IReadOnlyList<string> launcher)
    {
        if (!File.Exists(host)) throw new FileNotFoundException($"The silo host is not built: {host}", host);
        string[] command = [.. launcher, "dotnet", host, .. arguments];
        var start = new ProcessStartInfo(command[0], command[1..])
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

    /// <summary>What the silo said once ready: its address, device, web bindings and failure detection in force.</summary>
    public string ReadyLine { get; private set; } = "";

    /// <summary>http://HOST:PORT of each REST listener of its web host (the front door and dashboards), from its ready line.</summary>
    public IReadOnlyList<string> WebUrls =>
        ReadyLine.Split(' ').FirstOrDefault(t => t.StartsWith("web="))?["web=".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];

    /// <summary>
    /// Starts <paramref name="host"/> (Silo.dll) and waits until it says it is ready; a silo that exits first (one that
    /// refuses a port or storage it would share) is a <see cref="SiloExitedException"/> with what it wrote to stderr.
    /// A <paramref name="launcher"/> runs it elsewhere (e.g. in a network namespace: ip netns exec NAME); it must exec the silo.
    /// </summary>
    public static async Task<SiloProcess> StartAsync(string host, IEnumerable<string> arguments, TimeSpan limit, IReadOnlyList<string>? launcher = null)
    {
        var silo = new SiloProcess(host, arguments, launcher ?? []);
        try
        {
            // Waiting for the exit also waits for the last lines of its output.
            var exited = silo.process.WaitForExitAsync();
            if (await Task.WhenAny(silo.ready.Task, exited).WaitAsync(limit) == exited && !silo.ready.Task.IsCompleted)
                throw new SiloExitedException(silo.process.ExitCode, [.. silo.errors]);
            silo.ReadyLine = await silo.ready.Task;
            silo.Address = silo.ReadyLine[ReadyPrefix.Length..].Split(' ')[0];
            return silo;
        }
        catch (TimeoutException)
        {
            silo.Dispose();
            throw new TimeoutException($"The silo did not start within {limit}:\n{silo.Log}");
        }
        catch
        {
            silo.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A silo that is meant to refuse to start: its exit code and what it wrote to stderr; throws with its log if it
    /// becomes ready instead.
    /// </summary>
    public static async Task<(int ExitCode, IReadOnlyList<string> Errors)> RefusalAsync(string host, IEnumerable<string> arguments, TimeSpan limit)
    {
        try
        {
            using var silo = await StartAsync(host, arguments, limit);
            throw new InvalidOperationException($"The silo started instead of refusing:\n{silo.Log}");
        }
        catch (SiloExitedException exited)
        {
            return (exited.ExitCode, exited.Errors);
        }
    }

    /// <summary>Its last 200 lines of output.</summary>
    public string Log => string.Join('\n', log.TakeLast(200));

    /// <summary>Every line of output kept (the last 2000).</summary>
    public IReadOnlyList<string> Lines => log.ToArray();

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
        if (line.StartsWith(ReadyPrefix)) ready.TrySetResult(line);
        else if (line.StartsWith("Unhandled exception")) ready.TrySetException(new InvalidOperationException($"The silo failed to start: {line}"));
    }
}
