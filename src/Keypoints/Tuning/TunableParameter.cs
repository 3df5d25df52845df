using System.Globalization;
using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Networks;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Specs;

namespace KeypointGrains.Keypoints.Tuning;

/// <summary>
/// A recipe setting a search may vary, with how a drawn value changes a trial's recipe. The table is the one place
/// that knows which settings are tunable; a search space names them.
/// </summary>
public sealed class TunableParameter
{
    private readonly Func<TrainingRecipe, string, TrainingRecipe> apply;
    private readonly Action<string> validate;

    private TunableParameter(string name, bool isContinuous, string meaning, Func<TrainingRecipe, string, TrainingRecipe> apply,
        Action<string>? validate = null)
    {
        Name = name;
        IsContinuous = isContinuous;
        Meaning = meaning;
        this.apply = apply;
        this.validate = validate ?? (_ => { });
    }

    public string Name { get; }

    /// <summary>Drawn log-uniformly from a range; otherwise one of a list of choices.</summary>
    public bool IsContinuous { get; }

    public string Meaning { get; }

    public static IReadOnlyList<TunableParameter> All { get; } =
    [
        new("lr", true, "peak learning rate (the schedule's end scales with it)", (recipe, value) =>
        {
            var peak = Number(value);
            return recipe with { LearningRateStart = peak, LearningRateEnd = peak * recipe.LearningRateEnd / recipe.LearningRateStart };
        }),
        new("weight-decay", true, "AdamW's decoupled weight decay or SGD's L2 penalty",
            (recipe, value) => recipe with { WeightDecay = Number(value) }),
        new("batch", false, "faces per training batch",
            (recipe, value) => recipe with { BatchSize = BatchSize(value) }, value => BatchSize(value)),
        new("network", false, "a network of the registry",
            (recipe, value) => recipe with { Network = value }, value =>
            {
                if (!NetworkRegistry.Names.Contains(value))
                    throw new ArgumentException($"Unknown network '{value}'. Known: {string.Join(", ", NetworkRegistry.Names)}.");
            }),
        new("augment", false, "an augmentation set: names joined by '+', or none",
            (recipe, value) => recipe with { Augmentations = [.. Augmentations(value).Names] }, value => Augmentations(value)),
    ];

    public static TunableParameter Named(string name) =>
        All.FirstOrDefault(p => p.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"'{name}' is not a tunable parameter. Known: {string.Join(", ", All.Select(p => p.Name))}.");

    public TrainingRecipe Apply(TrainingRecipe recipe, string value) => apply(recipe, value);

    public void Validate(string value) => validate(value);

    private static double Number(string value) => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static int BatchSize(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0
            ? size
            : throw new ArgumentException($"A batch size is a positive whole number, not '{value}'.");

    private static AugmentationPlan Augmentations(string value) =>
        value.Trim().Equals("none", StringComparison.OrdinalIgnoreCase) ? AugmentationPlan.None : AugmentationRegistry.Parse(value.Replace('+', ','));
}
