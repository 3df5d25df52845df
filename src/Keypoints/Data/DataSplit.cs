using KeypointGrains.Specs;

namespace KeypointGrains.Keypoints.Data;

/// <summary>Seeded train/validation splits: the same seed always gives the same split.</summary>
public static class DataSplit
{
    /// <summary>
    /// The split a model trains on, the one function every caller uses (training grains, kg train, report, benchmarks,
    /// studies): with <see cref="SplitSpec.Folds"/> ≥ 2, its fold held out (<see cref="GroupedFold"/>); otherwise the
    /// grouped <see cref="SplitSpec.ValidationFraction"/> (<see cref="GroupedTrainValidation"/>).
    /// </summary>
    public static (FaceSet Train, FaceSet Validation) Grouped(FaceSet faces, SplitSpec split) =>
        split.Folds >= 2
            ? GroupedFold(faces, split.Folds, split.Fold, split.Seed)
            : GroupedTrainValidation(faces, split.ValidationFraction, split.Seed);

    /// <summary>Each face goes to one side at random; about <paramref name="validationFraction"/> of them to validation.</summary>
    public static (FaceSet Train, FaceSet Validation) TrainValidation(FaceSet faces, double validationFraction, int seed) =>
        ByGroup(faces, Enumerable.Range(0, faces.Count).ToArray(), validationFraction, seed);

    /// <summary>
    /// Like <see cref="TrainValidation"/>, but near-duplicate faces (<see cref="NearDuplicateGroups"/>: frames of one video)
    /// stay on one side, so that validation does not reward remembering a person seen in training.
    /// </summary>
    public static (FaceSet Train, FaceSet Validation) GroupedTrainValidation(FaceSet faces, double validationFraction, int seed,
        double similarityThreshold = NearDuplicateGroups.DefaultThreshold) =>
        ByGroup(faces, NearDuplicateGroups.Find(faces, similarityThreshold), validationFraction, seed);

    /// <summary>
    /// Fold <paramref name="fold"/> (1-based) of <paramref name="folds"/> as the validation side, the other folds as the
    /// training side: near-duplicate faces (<see cref="NearDuplicateGroups"/>) share a fold, and the folds of one seed
    /// cover every face exactly once, so K models of the K folds give each face one prediction from a model that never
    /// saw it.
    /// </summary>
    public static (FaceSet Train, FaceSet Validation) GroupedFold(FaceSet faces, int folds, int fold, int seed,
        double similarityThreshold = NearDuplicateGroups.DefaultThreshold)
    {
        if (fold < 1 || fold > folds)
            throw new ArgumentOutOfRangeException(nameof(fold), fold, $"Folds are numbered 1 to {folds}.");
        var foldOf = FoldsByGroup(NearDuplicateGroups.Find(faces, similarityThreshold), folds, seed);
        var rows = Enumerable.Range(0, faces.Count).ToLookup(face => foldOf[face] == fold);
        return (faces.Select(rows[false].ToArray()), faces.Select(rows[true].ToArray()));
    }

    /// <summary>
    /// Each face's fold (1 to <paramref name="folds"/>): whole groups, in a seeded random order, each to the fold that
    /// holds the fewest faces so far, so the folds come out within one group of the same size.
    /// </summary>
    public static int[] FoldsByGroup(int[] groupOf, int folds, int seed)
    {
        var groups = groupOf.Distinct().Order().ToArray();
        if (folds < 2 || folds > groups.Length)
            throw new ArgumentOutOfRangeException(nameof(folds), folds, $"Need 2 to {groups.Length} folds for {groups.Length} groups.");
        new Random(seed).Shuffle(groups);
        var size = groupOf.CountBy(g => g).ToDictionary(g => g.Key, g => g.Value);
        var filled = new int[folds];
        var foldOfGroup = new Dictionary<int, int>();
        foreach (var group in groups)
        {
            int smallest = Array.IndexOf(filled, filled.Min());
            foldOfGroup[group] = smallest + 1;
            filled[smallest] += size[group];
        }
        return groupOf.Select(g => foldOfGroup[g]).ToArray();
    }

    /// <summary>
    /// Whole groups (<paramref name="groupOf"/>[face] = its group) go to validation in a seeded random order until it holds
    /// at least <paramref name="validationFraction"/> of the faces (overshooting by less than one group). Both sides keep
    /// the faces' original order.
    /// </summary>
    public static (FaceSet Train, FaceSet Validation) ByGroup(FaceSet faces, int[] groupOf, double validationFraction, int seed)
    {
        if (validationFraction is <= 0 or >= 1 || double.IsNaN(validationFraction))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "Must lie strictly between 0 and 1.");
        if (groupOf.Length != faces.Count)
            throw new ArgumentException($"Expected a group for each of the {faces.Count} faces, got {groupOf.Length}.", nameof(groupOf));
        var groups = groupOf.Distinct().Order().ToArray();
        if (groups.Length < 2)
            throw new ArgumentException($"Cannot split {groups.Length} group(s) into two non-empty sides.", nameof(groupOf));

        new Random(seed).Shuffle(groups);
        var size = groupOf.CountBy(g => g).ToDictionary(g => g.Key, g => g.Value);
        int wanted = Math.Max(1, (int)Math.Round(faces.Count * validationFraction));
        var validation = new HashSet<int>();
        // The last group always stays in training, so neither side can end up empty.
        for (int g = 0, taken = 0; g < groups.Length - 1 && taken < wanted; g++)
        {
            validation.Add(groups[g]);
            taken += size[groups[g]];
        }
        var rows = Enumerable.Range(0, faces.Count).ToLookup(face => validation.Contains(groupOf[face]));
        return (faces.Select(rows[false].ToArray()), faces.Select(rows[true].ToArray()));
    }
}
