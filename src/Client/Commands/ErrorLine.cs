using KeypointGrains.Contracts.Hosting;

namespace KeypointGrains.Client.Commands;

/// <summary>An error as the one line kg prints: the innermost cause's first line (native traces stay out).</summary>
public static class ErrorLine
{
    public static string Of(Exception error)
    {
        while (error is AggregateException { InnerException: { } inner }) error = inner;
        // A silo that refused to start says why in one line, however deep the host start wrapped it.
        error = SiloRefusedException.In(error) ?? error;
        // An ArgumentException appends "(Parameter 'name')" to its message: a code name that tells a user nothing.
        var message = error is ArgumentException { ParamName: { } name } ? error.Message.Replace($" (Parameter '{name}')", "") : error.Message;
        var first = message.Split('\n', 2)[0].Trim();
        return error is UsageException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException
            or Keypoints.Data.DataFormatException or InvalidOperationException or ArgumentException or Spectre.Console.Cli.CommandParseException
            or Spectre.Console.Cli.CommandRuntimeException
            ? first
            : $"{first} ({error.GetType().Name}; --verbose shows the trace)";
    }
}
