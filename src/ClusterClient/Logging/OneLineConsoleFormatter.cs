using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace KeypointGrains.ClusterClient.Logging;

/// <summary>The silo host's console format: one <see cref="LogLine"/> per entry.</summary>
public sealed class OneLineConsoleFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "kg-one-line";

    public override void Write<TState>(in LogEntry<TState> entry, IExternalScopeProvider? scopeProvider, TextWriter writer)
    {
        var message = entry.Formatter(entry.State, entry.Exception);
        if (string.IsNullOrEmpty(message) && entry.Exception is null) return;
        writer.WriteLine(LogLine.Of(entry.LogLevel, entry.Category, entry.EventId, message, entry.Exception));
    }
}
