using KeypointGrains.Cluster.Tests.Support;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Grains.Inference;
using KeypointGrains.Grains.Placement;
using KeypointGrains.Hosting.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KeypointGrains.Cluster.Tests.Inference;

public sealed class ModelCacheTests : IDisposable
{
    private readonly TemporaryFolder folder = new();
    private readonly ManualClock clock = new();
    private readonly LocalDirectoryCheckpointStore store;

    public ModelCacheTests() => store = new LocalDirectoryCheckpointStore(folder.Path);

    public void Dispose() => folder.Dispose();

    private ModelCache Cache(int capacity) => new(store, SiloDevice.Cpu, Options.Create(new ServingOptions
    {
        MaxBatchFaces = 8, MaxBatchDelayMicroseconds = 0, MaxLoadedEnsembles = capacity, Precision = "fp32",
    }), clock, NullLogger<ModelCache>.Instance);

    private Task<EnsembleManifest> Version(int version) => TinyEnsembles.WriteAsync(store, "cache", version, "eye-centers", "nose-tip");

    [Fact]
    public async Task A_manifest_is_loaded_once_and_its_specialists_and_baseline_share_one_fused_model()
    {
        using var cache = Cache(capacity: 2);
        var manifest = await Version(1);

        using var first = await cache.Get(manifest);
        using var again = await cache.Get(manifest with { });

        Assert.Same(first.Ensemble, again.Ensemble);
        // Two specialists leave columns uncovered: the baseline serves beside them, all three in one fused pass.
        Assert.Equal(["eye-centers", "nose-tip", ModelPlan.BaselineName], first.Ensemble.Members.Select(m => m.Model));
        Assert.Equal(3, first.Ensemble.Model!.FusedMembers);
        Assert.Empty(first.Ensemble.Failures);
    }

    [Fact]
    public async Task Beyond_its_capacity_the_least_recently_used_ensemble_goes()
    {
        using var cache = Cache(capacity: 2);
        var (v1, v2, v3) = (await Version(1), await Version(2), await Version(3));

        (await cache.Get(v1)).Dispose();
        (await cache.Get(v2)).Dispose();
        (await cache.Get(v1)).Dispose();
        (await cache.Get(v3)).Dispose();

        Assert.Equal([ModelCache.Key(v1), ModelCache.Key(v3)], cache.Loaded);
        await Poll.Until(() => Task.FromResult(cache.InMemory), n => n == 2, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task An_evicted_ensemble_stays_in_memory_until_the_requests_holding_it_are_done()
    {
        using var cache = Cache(capacity: 1);
        var (v1, v2) = (await Version(1), await Version(2));

        var held = await cache.Get(v1);
        (await cache.Get(v2)).Dispose();

        Assert.Equal([ModelCache.Key(v2)], cache.Loaded);
        Assert.Equal(2, cache.InMemory);
        Assert.Equal(2, held.Ensemble.Model!.Predict(new byte[2 * FaceBatch.BytesPerFace], 2)[0].Length / 4);
        held.Dispose();
        await Poll.Until(() => Task.FromResult(cache.InMemory), n => n == 1, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_member_that_does_not_load_is_reported_and_loading_is_tried_again_after_a_while()
    {
        using var cache = Cache(capacity: 2);
        var manifest = await Version(1);
        var nose = manifest.Members.Single(m => m.Model == "nose-tip");
        File.Move(Path.Combine(folder.Path, nose.Checkpoint.Name), folder.File("aside"));

        using (var degraded = await cache.Get(manifest))
        {
            Assert.Equal("nose-tip", Assert.Single(degraded.Ensemble.Failures).Model);
            Assert.Equal(["eye-centers", ModelPlan.BaselineName], degraded.Ensemble.Members.Select(m => m.Model));
        }
        File.Move(folder.File("aside"), Path.Combine(folder.Path, nose.Checkpoint.Name));
        using (var stillDegraded = await cache.Get(manifest)) Assert.NotEmpty(stillDegraded.Ensemble.Failures);

        clock.Advance(ModelCache.RetryDegradedAfter + TimeSpan.FromSeconds(1));
        using var healed = await cache.Get(manifest);
        Assert.Empty(healed.Ensemble.Failures);
    }

    /// <summary>A clock that moves only when told to.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => ticks;

        public void Advance(TimeSpan by) => ticks += by.Ticks;
    }
}
