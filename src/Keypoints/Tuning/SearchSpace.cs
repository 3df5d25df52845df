using System.Globalization;
using System.Text.Json;

namespace KeypointGrains.Keypoints.Tuning;

/// <summary>
/// The parameters a search varies. Written as flags (<c>lr=1e-4..3e-3</c>, <c>batch=16,32,64</c>,
/// <c>augment=none,affine,affine+contrast</c>) or as a JSON object (<c>{"lr": [1e-4, 3e-3], "batch": [16, 32, 64]}</c>:
/// a range of two numbers for a continuous parameter, a list of choices for the others). Sampling is seeded: the same
/// seed gives the same trials.
/// </summary>
public sealed record SearchSpace(IReadOnlyList<SearchDimension> Dimensions)
{
    /// <summary>Parses <c>name=low..high</c> or <c>name=a,b,c</c> terms; a parameter named twice is an error.</summary>
    public static SearchSpace Parse(IEnumerable<string> terms) => Of(terms.Select(term =>
    {
        var equals = term.IndexOf('=');
        if (equals <= 0) throw new ArgumentException($"A search parameter is name=low..high or name=a,b,c, not '{term}'.");
        var parameter = TunableParameter.Named(term[..equals]);
        var values = term[(equals + 1)..].Trim();
        if (!parameter.IsContinuous) return SearchDimension.OneOf(parameter, values.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        var bounds = values.Split("..", StringSplitOptions.TrimEntries);
        if (bounds.Length != 2 || !TryNumber(bounds[0], out var low) || !TryNumber(bounds[1], out var high))
            throw new ArgumentException($"'{parameter.Name}' takes a range low..high, not '{values}'.");
        return SearchDimension.Range(parameter, low, high);
    }));

    /// <summary>Reads a JSON search space; errors name the file and the parameter.</summary>
    public static SearchSpace Read(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw new ArgumentException("the top level must be an object of parameters");
            return Of(document.RootElement.EnumerateObject().Select(property =>
            {
                var parameter = TunableParameter.Named(property.Name);
                if (property.Value.ValueKind != JsonValueKind.Array)
                    throw new ArgumentException($"'{parameter.Name}' must be an array ({(parameter.IsContinuous ? "[low, high]" : "of choices")}).");
                var items = property.Value.EnumerateArray().ToArray();
                if (!parameter.IsContinuous) return SearchDimension.OneOf(parameter, items.Select(Text).ToArray());
                if (items.Length != 2 || items.Any(i => i.ValueKind != JsonValueKind.Number))
                    throw new ArgumentException($"'{parameter.Name}' must be [low, high], two numbers.");
                return SearchDimension.Range(parameter, items[0].GetDouble(), items[1].GetDouble());
            }));
        }
        catch (Exception error) when (error is ArgumentException or JsonException or IOException)
        {
            throw new ArgumentException($"{path}: {error.Message}", error);
        }
    }

    /// <summary>Trials 0 to <paramref name="count"/> − 1, drawn from one generator seeded with <paramref name="seed"/>.</summary>
    public IReadOnlyList<Trial> Sample(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(number => new Trial(number, Dimensions.Select(d => KeyValuePair.Create(d.Parameter.Name, d.Draw(random))).ToArray()))
            .ToArray();
    }

    public override string ToString() => string.Join(" ", Dimensions);

    private static SearchSpace Of(IEnumerable<SearchDimension> dimensions)
    {
        var list = dimensions.ToArray();
        if (list.Length == 0) throw new ArgumentException("A search space needs at least one parameter.");
        var repeated = list.GroupBy(d => d.Parameter.Name).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new ArgumentException($"'{repeated.Key}' is named more than once.");
        return new SearchSpace(list);
    }

    private static string Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Number => element.GetRawText(),
        _ => throw new ArgumentException($"a choice must be a string or a number, not {element.GetRawText()}"),
    };

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
