using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Contracts.Storage;
using KeypointGrains.Grains.Placement;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Schema;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;

namespace KeypointGrains.Grains.Inference;

/// <summary>
/// The ensembles this silo keeps loaded, one per manifest content (its members' checkpoints), shared by every serving
/// activation: a manifest version's weights are read and fused once per silo. At most
/// <see cref="ServingOptions.MaxLoadedEnsembles"/> stay loaded; the least recently used goes first, disposed once no
/// request holds it. An ensemble some of whose members failed to load is reloaded after <see cref="RetryDegradedAfter"/>,
/// so that a passing storage fault does not leave it degraded for good.
/// </summary>
public sealed class ModelCache(ICheckpointStore checkpoints, SiloDevice device, IOptions<ServingOptions> options, TimeProvider time,
    ILogger<ModelCache> log) : IDisposable
{
    public static readonly TimeSpan RetryDegradedAfter = TimeSpan.FromSeconds(30);

    private readonly Lock gate = new();
    private readonly Dictionary<string, Entry> entries = new();
    private long uses;
    private int inMemory;

    /// <summary>The manifests whose ensembles are loaded or loading, least recently used first.</summary>
    public IReadOnlyList<string> Loaded
    {
        get
        {
            lock (gate) return entries.Values.OrderBy(e => e.LastUse).Select(e => e.Key).ToArray();
        }
    }

    /// <summary>Ensembles whose weights are in memory: those cached, and evicted ones that requests still hold.</summary>
    public int InMemory => Volatile.Read(ref inMemory);

    /// <summary>The ensemble of <paramref name="manifest"/>, loaded on first use; dispose the lease when the request is done.</summary>
    public async Task<EnsembleLease> Get(EnsembleManifest manifest)
    {
        var key = Key(manifest);
        Entry entry;
        lock (gate)
        {
            if (!entries.TryGetValue(key, out entry!) || Stale(entry))
            {
                if (entry is not null) Evict(entry);
                entry = new Entry(key, Task.Run(() => Load(manifest)), time.GetTimestamp());
                entries[key] = entry;
                while (entries.Count > Math.Max(1, options.Value.MaxLoadedEnsembles))
                    Evict(entries.Values.Where(e => e != entry).MinBy(e => e.LastUse)!);
            }
            entry.LastUse = ++uses;
            entry.Leases++;
        }
        try
        {
            return new EnsembleLease(await entry.Loading, () => Release(entry));
        }
        catch
        {
            lock (gate)
            {
                // Let the next request try again rather than keep the failure.
                if (entries.GetValueOrDefault(key) == entry) entries.Remove(key);
            }
            Release(entry);
            throw;
        }
    }

    /// <summary>What identifies an ensemble: its members and their checkpoints (versions of a manifest differ in these).</summary>
    public static string Key(EnsembleManifest manifest) =>
        string.Join("|", manifest.Members.Select(m => $"{m.Model}={m.Checkpoint}:{m.Checkpoint.Bytes}"));

    private async Task<LoadedEnsemble> Load(EnsembleManifest manifest)
    {
        var failures = new List<GroupFailure>();
        var loaded = new List<(EnsembleMember Member, TrainedModel Model)>();
        async Task LoadEach(IEnumerable<EnsembleMember> members)
        {
            foreach (var (member, result) in await Task.WhenAll(members.Select(async m => (m, await LoadMember(m)))))
                if (result.Model is not null) loaded.Add((member, result.Model));
                else failures.Add(new GroupFailure(member.Model, result.Error!));
        }

        await LoadEach(manifest.Specialists);
        bool covered = loaded.SelectMany(l => l.Member.Columns).Distinct().Count() == KeypointSchema.ColumnCount;
        // A group stands while one of its fold copies loaded (the client averages those that answer).
        bool groupLost = manifest.Specialists.GroupBy(m => m.Group).Any(group => !group.Any(m => loaded.Any(l => l.Member.Model == m.Model)));
        // The baseline (all its fold copies) runs only where it must fill in: for groups that failed, or columns none covers.
        if (groupLost || !covered) await LoadEach(manifest.Members.Where(m => m.Group == ModelPlan.BaselineName));
        if (loaded.Count == 0) return new LoadedEnsemble([], null, failures);
        try
        {
            var model = EnsembleModel.Create(loaded.Select(l => l.Model).ToArray(), options.Value.Precision, options.Value.MaxBatchFaces);
            Interlocked.Increment(ref inMemory);
            return new LoadedEnsemble(loaded.Select(l => l.Member).ToArray(), model, failures);
        }
        catch
        {
            foreach (var (_, model) in loaded) model.Dispose();
            throw;
        }
    }

    private async Task<(TrainedModel? Model, string? Error)> LoadMember(EnsembleMember member)
    {
        TrainedModel? model = null;
        try
        {
            await using var stream = await checkpoints.OpenReadAsync(member.Checkpoint);
            model = TrainedModel.Load(stream, device.TorchDevice);
            if (!model.Columns.SequenceEqual(member.Columns))
                throw new InvalidDataException(
                    $"Checkpoint {member.Checkpoint} predicts columns [{string.Join(",", model.Columns)}], not those of '{member.Model}'.");
            return (model, null);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // The seal is checked before a weight is read: a damaged checkpoint is refused, never served.
            if (error is CorruptCheckpointException) log.LogError("Refusing to serve {Checkpoint}: {Error}", member.Checkpoint, error.Message);
            model?.Dispose();
            return (null, $"{error.GetType().Name}: {error.Message}");
        }
    }

    private void Evict(Entry entry)
    {
        entries.Remove(entry.Key);
        entry.Evicted = true;
        if (entry.Leases == 0) DisposeWhenLoaded(entry);
    }

    private void Release(Entry entry)
    {
        lock (gate)
        {
            entry.Leases--;
            if (entry.Evicted && entry.Leases == 0) DisposeWhenLoaded(entry);
        }
    }

    private void DisposeWhenLoaded(Entry entry) =>
        entry.Loading.ContinueWith(t =>
        {
            if (t.Result.Model is null) return;
            t.Result.Dispose();
            Interlocked.Decrement(ref inMemory);
        }, TaskContinuationOptions.OnlyOnRanToCompletion);

    private bool Stale(Entry entry) =>
        entry.Loading.IsCompletedSuccessfully && entry.Loading.Result.Failures.Count > 0
        && time.GetElapsedTime(entry.LoadedAt) > RetryDegradedAfter;

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var entry in entries.Values.ToArray()) Evict(entry);
        }
    }

    private sealed class Entry(string key, Task<LoadedEnsemble> loading, long loadedAt)
    {
        public string Key { get; } = key;
        public Task<LoadedEnsemble> Loading { get; } = loading;
        public long LoadedAt { get; } = loadedAt;
        public long LastUse { get; set; }
        public int Leases { get; set; }
        public bool Evicted { get; set; }
    }
}
