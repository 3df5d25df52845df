using System.Text.RegularExpressions;
using KeypointGrains.Keypoints.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Tests.Networks;

public class RandomDrawsTests
{
    [Fact]
    public void Only_cpu_tensors_are_handed_the_cpu_generator()
    {
        using var draws = new RandomDraws(42);
        Assert.NotNull(draws.GeneratorFor(CPU));
        Assert.Equal(DeviceType.CPU, draws.GeneratorFor(CPU)!.device.type);
        // No CUDA here, but the routing decision is the device's type alone: a CUDA (or any other) tensor gets no CPU generator.
        Assert.Null(draws.GeneratorFor(new Device(DeviceType.CUDA, 0)));
        Assert.Null(draws.GeneratorFor(new Device(DeviceType.CUDA, 3)));
        Assert.Null(draws.GeneratorFor(new Device(DeviceType.META)));
    }

    [Fact]
    public void A_non_cpu_tensor_draws_on_its_own_device()
    {
        using var draws = new RandomDraws(7);
        using var like = empty([4, 8], device: new Device(DeviceType.META));
        using var mask = draws.Bernoulli(like, 0.5);
        Assert.Equal(DeviceType.META, mask.device.type);
        Assert.Equal(like.shape, mask.shape);
    }

    [Fact]
    public void The_same_seed_gives_the_same_masks_and_reseeding_repeats_them()
    {
        float[] Masks(RandomDraws draws) =>
            Enumerable.Range(0, 3).SelectMany(_ => draws.Bernoulli(zeros(64), 0.7).data<float>().ToArray()).ToArray();
        using var a = new RandomDraws(11);
        using var b = new RandomDraws(11);
        var first = Masks(a);
        Assert.Equal(first, Masks(b));
        a.Reseed(11);
        Assert.Equal(first, Masks(a));
        a.Reseed(12);
        Assert.NotEqual(first, Masks(a));
    }

    [Fact]
    public void Streams_drawn_in_turns_give_what_each_gives_alone()
    {
        float[] Alone(long seed)
        {
            using var draws = new RandomDraws(seed);
            return Enumerable.Range(0, 4).SelectMany(_ => draws.Bernoulli(zeros(32), 0.5).data<float>().ToArray()).ToArray();
        }
        using var one = new RandomDraws(1);
        using var two = new RandomDraws(2);
        var (fromOne, fromTwo) = (new List<float>(), new List<float>());
        for (int i = 0; i < 4; i++)
        {
            fromOne.AddRange(one.Bernoulli(zeros(32), 0.5).data<float>().ToArray());
            fromTwo.AddRange(two.Bernoulli(zeros(32), 0.5).data<float>().ToArray());
        }
        Assert.Equal(Alone(1), fromOne);
        Assert.Equal(Alone(2), fromTwo);
    }

    [Fact]
    public void Derived_seeds_differ_for_neighbouring_streams_and_draws()
    {
        var seeds = new HashSet<ulong>();
        for (ulong stream = 0; stream < 32; stream++)
            for (ulong draw = 0; draw < 32; draw++)
                Assert.True(seeds.Add(RandomDraws.Mix(stream, draw)), $"({stream}, {draw}) repeats a seed");
    }

    /// <summary>
    /// The guard against the CUDA failure (a CPU generator handed to bernoulli_ on a CUDA tensor): no source file but
    /// RandomDraws may create a generator or pass one to a torch op, so every draw goes through its device routing.
    /// </summary>
    [Fact]
    public void No_code_but_RandomDraws_creates_or_hands_out_a_torch_generator()
    {
        var source = Path.Combine(RepositoryFolder(), "src");
        var pattern = new Regex(@"new\s+Generator\s*\(|generator\s*:|\bGenerator\s+\w+\s*[=;)]|manual_seed|torch\.random\.", RegexOptions.Compiled);
        var offenders = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Where(f => Path.GetFileName(f) != "RandomDraws.cs")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, line, i)))
            .Where(l => pattern.IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(source, l.f)}:{l.i + 1}: {l.line.Trim()}")
            .ToArray();
        Assert.True(offenders.Length == 0, "Random draws outside RandomDraws:\n" + string.Join("\n", offenders));
    }

    private static string RepositoryFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "KeypointGrains.sln"))) return folder.FullName;
        throw new DirectoryNotFoundException($"No KeypointGrains.sln above {AppContext.BaseDirectory}.");
    }
}
