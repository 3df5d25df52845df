namespace KeypointGrains.Grains.Coordination;

public sealed class CoordinatorOptions
{
    /// <summary>
    /// How often the coordinator pokes its unfinished models: a poke reactivates (and so resumes) a training grain whose
    /// silo died, on a silo that is alive.
    /// </summary>
    public TimeSpan WatchdogPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether a starting silo resumes the unfinished campaigns: needed where reminders live in memory (directory storage),
    /// since nothing else would wake a campaign after the whole cluster restarted.
    /// </summary>
    public bool ResumeOnStart { get; set; }
}
