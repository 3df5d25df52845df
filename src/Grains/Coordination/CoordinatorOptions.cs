namespace KeypointGrains.Grains.Coordination;

public sealed class CoordinatorOptions
{
    /// <summary>
    /// How often the coordinator pokes its unfinished models: a poke reactivates (and so resumes) a training grain whose
    /// silo died, on a silo that is alive.
    /// </summary>
    public TimeSpan WatchdogPeriod { get; set; } = TimeSpan.FromSeconds(10);
}
