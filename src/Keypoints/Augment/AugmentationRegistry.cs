using KeypointGrains.Specs;

namespace KeypointGrains.Keypoints.Augment;

/// <summary>The augmentations <c>kg train --augment NAME[,NAME...]</c> knows, by name, with their default settings.</summary>
public static class AugmentationRegistry
{
    // Each augmentation is named once, here; the name lists and the parser derive from these two tables.
    private static readonly Dictionary<string, Func<IFaceAugmentation>> Expansions = new()
    {
        ["contrast"] = () => new ContrastStretch(),
        ["unsharp"] = () => new UnsharpMask(),
        ["adaptive3"] = () => new AdaptiveWienerFilter(3),
        ["adaptive9"] = () => new AdaptiveWienerFilter(9),
    };

    private static readonly Dictionary<string, Func<IBatchAugmentation>> PerBatch = new()
    {
        ["affine"] = () => new AffineAugmentation(),
        ["framing"] = () => new FramingJitter(),
    };

    /// <summary>The seed's four photometric transforms, each expanding the training set by one copy.</summary>
    public static IReadOnlyList<string> ExpansionNames { get; } = Expansions.Keys.ToArray();

    /// <summary>Random geometric transforms applied per batch (the left/right flip is the trainer's own option).</summary>
    public static IReadOnlyList<string> BatchNames { get; } = PerBatch.Keys.ToArray();

    public static IReadOnlyList<string> Names { get; } = [.. ExpansionNames, .. BatchNames];

    /// <summary>
    /// Parses a comma-separated list such as "contrast,unsharp,adaptive3,adaptive9" (case-insensitive, spaces ignored);
    /// a blank list is <see cref="AugmentationPlan.None"/>. Unknown, empty or repeated names throw an ArgumentException
    /// listing the known ones, its message written for the person who typed the list (no parameter name appended).
    /// </summary>
    public static AugmentationPlan Parse(string names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (string.IsNullOrWhiteSpace(names)) return AugmentationPlan.None;
        var expansions = new List<IFaceAugmentation>();
        var perBatch = new List<IBatchAugmentation>();
        var seen = new HashSet<string>();
        foreach (var raw in names.Split(','))
        {
            var name = raw.Trim().ToLowerInvariant();
            if (name.Length == 0)
                throw new ArgumentException($"Empty augmentation name in '{names}'. Known: {Known}.");
            if (!seen.Add(name))
                throw new ArgumentException($"Augmentation '{name}' is named twice in '{names}'.");
            if (Expansions.TryGetValue(name, out var expansion)) expansions.Add(expansion());
            else if (PerBatch.TryGetValue(name, out var batchAugmentation)) perBatch.Add(batchAugmentation());
            else throw new ArgumentException($"Unknown augmentation '{raw.Trim()}'. Known: {Known}.");
        }
        return new AugmentationPlan(expansions, perBatch);
    }

    /// <summary>The augmentations <paramref name="recipe"/> names (a campaign's coordinator refused a plan whose names do not parse).</summary>
    public static AugmentationPlan Of(TrainingRecipe recipe) => Parse(string.Join(",", recipe.Augmentations));

    private static string Known => string.Join(", ", Names);
}
