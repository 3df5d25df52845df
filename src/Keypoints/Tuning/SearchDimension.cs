using System.Globalization;

namespace KeypointGrains.Keypoints.Tuning;

/// <summary>
/// One parameter of a search and the values it may take: a range drawn log-uniformly (rates, decays), or a list of
/// choices drawn uniformly (batch sizes, networks, augmentation sets).
/// </summary>
public sealed record SearchDimension(TunableParameter Parameter, double Low, double High, IReadOnlyList<string> Choices)
{
    public static SearchDimension Range(TunableParameter parameter, double low, double high)
    {
        if (!parameter.IsContinuous) throw new ArgumentException($"'{parameter.Name}' takes a list of choices, not a range.");
        if (!(low > 0) || !(high >= low))
            throw new ArgumentException($"'{parameter.Name}' needs a range 0 < low <= high (log-uniform), not {low}..{high}.");
        return new(parameter, low, high, []);
    }

    public static SearchDimension OneOf(TunableParameter parameter, IReadOnlyList<string> choices)
    {
        if (parameter.IsContinuous) throw new ArgumentException($"'{parameter.Name}' takes a range low..high, not a list of choices.");
        if (choices.Count == 0) throw new ArgumentException($"'{parameter.Name}' needs at least one choice.");
        foreach (var choice in choices) parameter.Validate(choice);
        return new(parameter, 0, 0, choices);
    }

    public string Draw(Random random) => Parameter.IsContinuous
        ? Math.Exp(Math.Log(Low) + random.NextDouble() * (Math.Log(High) - Math.Log(Low))).ToString("0.###e0", CultureInfo.InvariantCulture)
        : Choices[random.Next(Choices.Count)];

    public override string ToString() => Parameter.IsContinuous
        ? $"{Parameter.Name}={Low.ToString("g4", CultureInfo.InvariantCulture)}..{High.ToString("g4", CultureInfo.InvariantCulture)}"
        : $"{Parameter.Name}={string.Join(",", Choices)}";
}
