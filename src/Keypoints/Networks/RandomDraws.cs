using TorchSharp;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>
/// The one place where a trainer's tensors get random values (initial weights, dropout masks), so that a run is
/// reproducible from its seed whatever device it trains on and whichever other trainers share the process.
/// <para>
/// CPU tensors draw from a generator of this object's own. CUDA tensors cannot: TorchSharp only creates CPU generators,
/// and a CUDA kernel refuses one. They draw on the device from its default generator instead, re-seeded for every draw
/// with a seed derived from (stream seed, draw number) while a process-wide lock is held, so trainers that share a GPU
/// never consume each other's random numbers. Seeding is a host-side write of two integers and the kernel only reads
/// the seed at launch, so the lock covers microseconds, and the mask never leaves the device (drawing on the CPU and
/// copying would move ~16 MB per cnn-large batch of 32 across PCIe).
/// </para>
/// </summary>
public sealed class RandomDraws : IDisposable
{
    private static readonly Lock DeviceGeneratorLock = new();

    private readonly Generator host;
    private ulong streamSeed;
    private ulong draws;

    public RandomDraws(long seed)
    {
        host = new Generator((ulong)seed);
        streamSeed = (ulong)seed;
    }

    /// <summary>Starts the stream again from <paramref name="seed"/> (a trainer does so at every epoch).</summary>
    public void Reseed(long seed)
    {
        host.manual_seed(seed);
        streamSeed = (ulong)seed;
        draws = 0;
    }

    /// <summary>A mask of <paramref name="like"/>'s shape, dtype and device: 1 with probability <paramref name="keep"/>, else 0.</summary>
    public Tensor Bernoulli(Tensor like, double keep) =>
        Draw(like.device, generator => empty_like(like).bernoulli_(keep, generator: generator));

    /// <summary>Fills <paramref name="target"/> in place with values uniform in [low, high).</summary>
    public void Uniform(Tensor target, double low, double high) =>
        Draw(target.device, generator => target.uniform_(low, high, generator: generator));

    /// <summary>
    /// The generator an op on <paramref name="device"/> may be handed: this object's own for the CPU, none (the device's
    /// default generator, seeded under the lock) for anything else.
    /// </summary>
    public Generator? GeneratorFor(Device device) => device.type == DeviceType.CPU ? host : null;

    private T Draw<T>(Device device, Func<Generator?, T> draw)
    {
        var generator = GeneratorFor(device);
        if (generator is not null) return draw(generator);
        lock (DeviceGeneratorLock)
        {
            cuda.manual_seed_all((long)Mix(streamSeed, draws++));
            return draw(null);
        }
    }

    /// <summary>SplitMix64 of (stream, draw): nearby draws of nearby streams get unrelated seeds.</summary>
    public static ulong Mix(ulong stream, ulong draw) => SplitMix(stream * Golden + draw);

    /// <summary>SplitMix64's step: a well-mixed 64-bit value from any input, stable across processes unlike HashCode.</summary>
    public static ulong SplitMix(ulong value)
    {
        ulong z = value + Golden;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    public void Dispose() => host.Dispose();
}
