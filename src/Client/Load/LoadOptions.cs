namespace KeypointGrains.Client.Load;

public sealed record LoadOptions
{
    /// <summary>Clients sending requests side by side, each one after another.</summary>
    public int Clients { get; init; } = 64;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);
    public int FacesPerRequest { get; init; } = 1;
    /// <summary>When to kill a silo (null: none is killed).</summary>
    public TimeSpan? KillSiloAfter { get; init; }
    /// <summary>How long a request may take in all, its attempts on other silos included.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>How long an attempt may go unanswered before it is made again elsewhere.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>An answer further than this from the per-model passes' (any coordinate, pixels) is a wrong answer.</summary>
    public double TolerancePixels { get; init; } = 1e-4;
    /// <summary>Whether the silos compute on a GPU: then the throughput goal is printed.</summary>
    public bool Gpu { get; init; }
}
