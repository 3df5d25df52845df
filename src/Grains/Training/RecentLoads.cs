namespace KeypointGrains.Grains.Training;

/// <summary>
/// Values loaded once per key and shared by concurrent callers, at most <see cref="Capacity"/> of them kept (the least
/// recently used goes first), so a long-lived silo host does not hold every file it ever trained on. A load that throws
/// is not kept: the next call tries again (a missing file that was put back, a share that came back).
/// </summary>
public sealed class RecentLoads<TKey, TValue>(int capacity) where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, Lazy<TValue> Value)>> entries = [];
    private readonly LinkedList<(TKey Key, Lazy<TValue> Value)> byUse = new();

    public int Capacity { get; } = capacity >= 1 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "Keep at least one value.");

    /// <summary>Keys whose values are kept now, the most recently used first.</summary>
    public IReadOnlyList<TKey> Keys
    {
        get
        {
            lock (entries) return byUse.Select(e => e.Key).ToArray();
        }
    }

    public TValue Get(TKey key, Func<TKey, TValue> load)
    {
        Lazy<TValue> value;
        lock (entries)
        {
            if (entries.TryGetValue(key, out var node)) byUse.Remove(node);
            else
            {
                node = new((key, new Lazy<TValue>(() => load(key))));
                entries[key] = node;
                if (entries.Count > Capacity)
                {
                    entries.Remove(byUse.Last!.Value.Key);
                    byUse.RemoveLast();
                }
            }
            byUse.AddFirst(node);
            value = node.Value.Value;
        }
        try
        {
            return value.Value;
        }
        catch
        {
            lock (entries)
                if (entries.TryGetValue(key, out var node) && node.Value.Value == value)
                {
                    entries.Remove(key);
                    byUse.Remove(node);
                }
            throw;
        }
    }
}
