using System.Net.Sockets;
using Azure;
using Orleans.Networking.Shared;
using Orleans.Runtime.Messaging;

namespace KeypointGrains.ClusterClient.Diagnostics;

/// <summary>
/// Failures worth waiting out: storage or a silo that cannot be reached right now (down, restarting, throttled,
/// timing out). Storage clients and Orleans retry these and log every try; their cause fits on one line.
/// </summary>
public static class TransientFailures
{
    /// <summary>No answer, a timeout, a throttle or a server error, anywhere in the chain (Azure wraps a failed retry series in an AggregateException).</summary>
    public static bool IsTransient(Exception error) => Chain(error).Any(e => e switch
    {
        RequestFailedException { Status: 0 or 408 or 429 or >= 500 } => true,
        HttpRequestException or SocketException or TimeoutException or OperationCanceledException => true,
        IOException and not (FileNotFoundException or DirectoryNotFoundException) => true,
        SocketConnectionException or ConnectionFailedException or OrleansMessageRejectionException or SiloUnavailableException => true,
        _ => false,
    });

    /// <summary>The innermost cause's type and first line, e.g. "SocketException: Connection refused".</summary>
    public static string Cause(Exception error)
    {
        var innermost = Chain(error).Last();
        return $"{innermost.GetType().Name}: {innermost.Message.Split('\n', 2)[0].Trim()}";
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (Exception? e = error; e is not null; e = e is AggregateException { InnerExceptions.Count: > 0 } a ? a.InnerExceptions[0] : e.InnerException)
            yield return e;
    }
}
