using System.Collections.Concurrent;
using System.Diagnostics;

namespace KeypointGrains.Client.Load;

/// <summary>A silo of the real host (src/Silo) in a process of its own, so that it can be killed as a crash would end it.</summary>
public sealed class SiloProcess : IDisposable
{
    private const string ReadyLine = "silo ready: ";
    private readonly Process process;
    private readonly ConcurrentQueue<string> log = new();
    private readonly ConcurrentQueue<string> errors = new();
    private readonly TaskCompletionSource<string> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiloProcess(string host, IEnumerable<string> arguments)
    {
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

    /// <summary>
    /// The silo host built beside this program in its source tree (src/Silo/bin/&lt;configuration&gt;/net10.0/Silo.dll,
    /// the configuration being this build's), or null outside a source tree.
    /// </summary>
    public static string? BuiltHost()
    {
        var build = new DirectoryInfo(AppContext.BaseDirectory); // …/bin/<configuration>/net10.0
        var configuration = build.Parent?.Name;
        for (var folder = build; folder is not null && configuration is not null; folder = folder.Parent)
        {
            var host = Path.Combine(folder.FullName, "src", "Silo", "bin", configuration, build.Name, "Silo.dll");
            if (File.Exists(host)) return host;
        }
        return null;
    }

    /// <summary>The silo's address as the cluster names it (e.g. in a model's status).</summary>
    public string Address { get; private set; } = "";

    /// <summary>
    /// Starts <paramref name="host"/> (Silo.dll) and waits until it says it is ready; a silo that exits first (one that
    /// refuses a port or storage it would share) is a <see cref="SiloExitedException"/> with what it wrote to stderr.
    /// </summary>
    public static async Task<SiloProcess> StartAsync(string host, IEnumerable<string> arguments, TimeSpan limit)
    {
        var silo = new SiloProcess(host, arguments);
        try
        {
            // Waiting for the exit also waits for the last lines of its output.
            var exited = silo.process.WaitForExitAsync();
            if (await Task.WhenAny(silo.ready.Task, exited).WaitAsync(limit) == exited && !silo.ready.Task.IsCompleted)
                throw new SiloExitedException(silo.process.ExitCode, [.. silo.errors]);
            var line = await silo.ready.Task;
            silo.Address = line[ReadyLine.Length..].Split(' ')[0];
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
        else if (line.StartsWith("Unhandled exception")) ready.TrySetException(new InvalidOperationException($"The silo failed to start: {line}"));
    }
}
