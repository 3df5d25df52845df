namespace KeypointGrains.Contracts.Hosting;

/// <summary>
/// A silo that will not start because it would share something with an unrelated process or cluster (a port, a storage
/// directory, a cluster with other storage). The message is one line that names what is shared and how to avoid it.
/// </summary>
public class SiloRefusedException(string message, Exception? inner = null) : InvalidOperationException(message, inner)
{
    /// <summary>The refusal somewhere in <paramref name="error"/>'s causes (the host start wraps what a silo throws), or null.</summary>
    public static SiloRefusedException? In(Exception error) => error switch
    {
        SiloRefusedException refused => refused,
        AggregateException aggregate => aggregate.InnerExceptions.Select(In).FirstOrDefault(refused => refused is not null),
        { InnerException: { } inner } => In(inner),
        _ => null,
    };
}
