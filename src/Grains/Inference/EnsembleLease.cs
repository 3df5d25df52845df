namespace KeypointGrains.Grains.Inference;

/// <summary>A loaded ensemble held for one request: the cache disposes an evicted ensemble only once no lease holds it.</summary>
public sealed class EnsembleLease(LoadedEnsemble ensemble, Action release) : IDisposable
{
    private int released;

    public LoadedEnsemble Ensemble { get; } = ensemble;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref released, 1) == 0) release();
    }
}
