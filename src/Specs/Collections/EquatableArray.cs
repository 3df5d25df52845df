using System.Collections;
using System.Runtime.CompilerServices;

namespace KeypointGrains.Specs.Collections;

/// <summary>
/// An immutable list that equals another list of the same items in the same order. The list fields of plans and recipes
/// hold one, so the equality the compiler writes for those records compares every field, lists included: a field added
/// later is compared without anyone listing it. Fields keep their <see cref="IReadOnlyList{T}"/> type, so state stored
/// with plain arrays still reads.
/// </summary>
[GenerateSerializer, Immutable, Alias("kg.EquatableArray`1")]
[CollectionBuilder(typeof(EquatableArray), nameof(EquatableArray.Create))]
public sealed class EquatableArray<T> : IReadOnlyList<T>, IEquatable<IReadOnlyList<T>>
{
    [Id(0)] private readonly T[] items;

    public EquatableArray(IEnumerable<T> items) => this.items = [.. items];

    public static EquatableArray<T> Empty { get; } = new([]);

    public int Count => items.Length;

    public T this[int index] => items[index];

    public bool Equals(IReadOnlyList<T>? other) =>
        other is not null && (ReferenceEquals(this, other) || items.SequenceEqual(other));

    public override bool Equals(object? other) => other is IReadOnlyList<T> list && Equals(list);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in items) hash.Add(item);
        return hash.ToHashCode();
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => items.GetEnumerator();

    public override string ToString() => $"[{string.Join(", ", items)}]";
}

public static class EquatableArray
{
    public static EquatableArray<T> Create<T>(ReadOnlySpan<T> items) => new(items.ToArray());

    /// <summary><paramref name="items"/> as an <see cref="EquatableArray{T}"/> (itself when it is one already).</summary>
    public static EquatableArray<T> Of<T>(IEnumerable<T> items) => items as EquatableArray<T> ?? new(items);
}
