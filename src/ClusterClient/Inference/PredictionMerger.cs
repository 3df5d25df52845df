using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Inference;

namespace KeypointGrains.ClusterClient.Inference;

/// <summary>
/// Puts the specialists' outputs into the 30 schema columns. A group without an answer, and any column that no
/// specialist covers, comes from the baseline; the groups that had to fall back are reported as degraded.
/// </summary>
public static class PredictionMerger
{
    /// <summary>
    /// Merges what <paramref name="manifest"/>'s members answered (by model name; a member without an answer failed):
    /// the fold copies of each group (k-fold campaigns) are averaged first, the baseline's copies too.
    /// </summary>
    public static EnsemblePrediction Merge(int faces, EnsembleManifest manifest, IReadOnlyList<GroupPrediction> answers,
        IReadOnlyList<GroupFailure>? failures = null)
    {
        GroupPrediction? Averaged(string group, IEnumerable<EnsembleMember> copies) =>
            FoldAverage.Of(group, copies.Select(copy => answers.FirstOrDefault(a => a.Model == copy.Model)));
        var groups = manifest.Specialists.GroupBy(m => m.Group)
            .Select(group => new GroupOutcome(group.First() with { Model = group.Key }, Averaged(group.Key, group)))
            .ToArray();
        var baseline = Averaged(ModelPlan.BaselineName, manifest.Members.Where(m => m.Group == ModelPlan.BaselineName));
        return Merge(faces, groups, baseline, manifest.Version, failures);
    }

    /// <param name="failures">Why members gave no answer, named in the error when a group cannot be filled.</param>
    public static EnsemblePrediction Merge(int faces, IReadOnlyList<GroupOutcome> groups, GroupPrediction? baseline, int manifestVersion,
        IReadOnlyList<GroupFailure>? failures = null)
    {
        int width = EnsemblePrediction.ColumnsPerFace;
        var merged = new float[faces * width];
        var covered = new bool[width];
        var degraded = new List<string>();

        foreach (var (member, answer) in groups)
        {
            if (answer is null) degraded.Add(member.Model);
            var source = answer ?? baseline ?? throw new InvalidOperationException(
                $"Specialist '{member.Model}' gave no answer and the ensemble has no baseline to fill its keypoints{Causes(failures, member.Group)}.");
            Place(merged, faces, source, member.Columns);
            foreach (var column in member.Columns) covered[column] = true;
        }

        var uncovered = Enumerable.Range(0, width).Where(c => !covered[c]).ToArray();
        if (uncovered.Length > 0)
        {
            if (baseline is null)
                throw new InvalidOperationException(
                    $"No model of the ensemble predicts column(s) {string.Join(", ", uncovered)}.");
            Place(merged, faces, baseline, uncovered);
        }

        return new EnsemblePrediction(faces, merged, degraded, manifestVersion);
    }

    /// <summary>" (eye-centers: why; all: why)": why the copies of <paramref name="group"/> and of the baseline failed.</summary>
    private static string Causes(IReadOnlyList<GroupFailure>? failures, string group)
    {
        var causes = (failures ?? [])
            .Where(f => ModelPlan.GroupOf(f.Model) is var g && (g == group || g == ModelPlan.BaselineName))
            .Select(f => $"{f.Model}: {f.Error.Split('\n', 2)[0].Trim()}")
            .ToArray();
        return causes.Length == 0 ? "" : $" ({string.Join("; ", causes)})";
    }

    /// <summary>Copies <paramref name="columns"/> of every face from <paramref name="source"/> into the 30-column rows.</summary>
    private static void Place(float[] merged, int faces, GroupPrediction source, IReadOnlyList<int> columns)
    {
        int width = EnsemblePrediction.ColumnsPerFace;
        int sourceWidth = source.Columns.Count;
        if (source.Coordinates.Length != faces * sourceWidth)
            throw new InvalidOperationException(
                $"Model '{source.Model}' answered {source.Coordinates.Length} values for {faces} faces x {sourceWidth} columns.");

        foreach (var column in columns)
        {
            int position = IndexOf(source.Columns, column);
            if (position < 0)
                throw new InvalidOperationException(
                    $"Model '{source.Model}' does not predict column {column}.");
            for (int face = 0; face < faces; face++)
                merged[face * width + column] = source.Coordinates[face * sourceWidth + position];
        }
    }

    private static int IndexOf(IReadOnlyList<int> columns, int column)
    {
        for (int i = 0; i < columns.Count; i++)
            if (columns[i] == column) return i;
        return -1;
    }
}
