using KeypointGrains.ClusterClient.Diagnostics;
using Microsoft.Extensions.Logging;

namespace KeypointGrains.ClusterClient.Logging;

/// <summary>
/// A silo's log entry as one line. An exception caused by storage or the network being unreachable (Orleans and Azure
/// retry those, and log every try) adds its cause to the line instead of a stack trace; any other exception, a bug
/// until shown otherwise, keeps its full trace.
/// </summary>
public static class LogLine
{
    public static string Of(LogLevel level, string category, EventId eventId, string message, Exception? exception)
    {
        var line = $"{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss.fff} {Level(level)} {category}[{eventId.Id}]: {message}";
        return exception is null ? line
            : TransientFailures.IsTransient(exception) ? $"{line} ({TransientFailures.Cause(exception)})"
            : $"{line}{Environment.NewLine}{exception}";
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };
}
