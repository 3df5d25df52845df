using KeypointGrains.ClusterClient.Logging;
using Microsoft.Extensions.Logging;

namespace KeypointGrains.Hosting.Logging;

/// <summary>
/// Appends <see cref="LogLine"/>s to one file. The embedded silo logs here, so that a failed model's trace is kept
/// without spilling over kg's console.
/// </summary>
public sealed class FileLoggerProvider : ILoggerProvider
{
    private readonly StreamWriter writer;
    private readonly LogLevel minimum;
    private readonly Lock gate = new();

    public FileLoggerProvider(string path, LogLevel minimum)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        this.minimum = minimum;
        File = Path.GetFullPath(path);
    }

    public string File { get; }

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void Dispose() => writer.Dispose();

    private void Write(string line)
    {
        lock (gate) writer.WriteLine(line);
    }

    private sealed class FileLogger(FileLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= provider.minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            provider.Write(LogLine.Of(logLevel, category, eventId, formatter(state, exception), exception));
        }
    }
}
