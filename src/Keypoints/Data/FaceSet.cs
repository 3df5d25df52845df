using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Data;

/// <summary>
/// Faces in memory: grey levels scaled to [0,1] (row-major 96x96 per face) and keypoint columns in pixels
/// (NaN where a keypoint is missing). <see cref="Ids"/> are the Kaggle ImageIds, or 1-based row numbers for training data.
/// </summary>
public sealed class FaceSet(float[] pixels, float[] targets, int[] ids, IReadOnlyList<int> columns)
{
    public float[] Pixels { get; } = pixels;
    public float[] Targets { get; } = targets;
    public int[] Ids { get; } = ids;

    /// <summary>Which of the 30 schema columns <see cref="Targets"/> holds, in order.</summary>
    public IReadOnlyList<int> Columns { get; } = columns;

    public int Count => Ids.Length;

    public ReadOnlySpan<float> Image(int face) => Pixels.AsSpan(face * KeypointSchema.PixelCount, KeypointSchema.PixelCount);

    public ReadOnlySpan<float> Target(int face) => Targets.AsSpan(face * Columns.Count, Columns.Count);

    /// <summary>The faces of <paramref name="sets"/> one after another; they must hold the same columns.</summary>
    public static FaceSet Concat(IReadOnlyList<FaceSet> sets)
    {
        var columns = sets[0].Columns;
        if (sets.Any(s => !s.Columns.SequenceEqual(columns)))
            throw new ArgumentException("Face sets of different columns cannot be joined.", nameof(sets));
        return new FaceSet([.. sets.SelectMany(s => s.Pixels)], [.. sets.SelectMany(s => s.Targets)], [.. sets.SelectMany(s => s.Ids)], columns);
    }

    /// <summary>The faces at <paramref name="rows"/>, in that order.</summary>
    public FaceSet Select(IReadOnlyList<int> rows)
    {
        int width = Columns.Count;
        var pixels = new float[rows.Count * KeypointSchema.PixelCount];
        var targets = new float[rows.Count * width];
        var ids = new int[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            Image(rows[i]).CopyTo(pixels.AsSpan(i * KeypointSchema.PixelCount));
            Target(rows[i]).CopyTo(targets.AsSpan(i * width));
            ids[i] = Ids[rows[i]];
        }
        return new FaceSet(pixels, targets, ids, Columns);
    }

    /// <summary>
    /// The rows that label every one of <paramref name="columns"/>, with only those columns as targets:
    /// the complete-case set for all 30, or a specialist's training set for its group.
    /// </summary>
    public FaceSet Labelled(IReadOnlyList<int> columns)
    {
        var position = columns.Select(c => Columns.ToList().IndexOf(c)).ToArray();
        if (position.Any(p => p < 0))
            throw new ArgumentException("This face set does not hold all of the requested columns.", nameof(columns));
        var rows = Enumerable.Range(0, Count)
            .Where(face => position.All(p => !float.IsNaN(Targets[face * Columns.Count + p])))
            .ToArray();
        var targets = new float[rows.Length * columns.Count];
        for (int i = 0; i < rows.Length; i++)
            for (int c = 0; c < columns.Count; c++)
                targets[i * columns.Count + c] = Targets[rows[i] * Columns.Count + position[c]];
        var selected = Select(rows);
        return new FaceSet(selected.Pixels, targets, selected.Ids, columns.ToArray());
    }
}
