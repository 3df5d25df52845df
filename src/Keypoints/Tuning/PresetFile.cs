using System.Text.Json;
using System.Text.Json.Serialization;
using KeypointGrains.Keypoints.Storage;
using KeypointGrains.Keypoints.Training;

namespace KeypointGrains.Keypoints.Tuning;

/// <summary>
/// A recipe found by a search, as a file <c>kg campaign --preset-file</c> runs: a named preset, the network and epoch
/// budget the trials trained, and the winning trial's values of the tunable parameters, applied to the baseline's
/// recipe as the trials applied them (the specialists train the same network). JSON, for people to read and edit.
/// </summary>
/// <param name="Origin">Where it came from, for the reader (the search, the trial, its validation RMSE).</param>
public sealed record PresetFile(string Preset, string? Network, int? Epochs, IReadOnlyDictionary<string, string> Parameters, string? Origin = null)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The preset the file describes; the specialists take the augmentations its trial trained with too.</summary>
    public TrainingPreset Resolve()
    {
        var preset = TrainingPresets.Resolve(Preset, Network);
        var baseline = Epochs is { } epochs ? preset.Recipe with { MaxEpochs = epochs, Patience = Math.Max(preset.Recipe.Patience, epochs) } : preset.Recipe;
        var recipe = baseline;
        foreach (var (name, value) in Parameters)
        {
            var parameter = TunableParameter.Named(name);
            try
            {
                parameter.Validate(value);
                recipe = parameter.Apply(recipe, value);
            }
            catch (FormatException)
            {
                throw new ArgumentException($"'{value}' is not a value of '{name}' ({parameter.Meaning}).");
            }
        }
        return preset with
        {
            Name = $"{preset.Name} (tuned)",
            Recipe = recipe,
            SpecialistRecipe = preset.SpecialistRecipe with
            {
                Network = recipe.Network, Augmentations = [.. preset.SpecialistRecipe.Augmentations.Union(recipe.Augmentations)],
            },
        };
    }

    /// <summary>The file at <paramref name="path"/>; a file that is missing, not JSON or names an unknown preset or parameter is one clear error naming it.</summary>
    public static PresetFile Read(string path)
    {
        PresetFile? file;
        try
        {
            file = JsonSerializer.Deserialize<PresetFile>(File.ReadAllText(path), Json);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot read the preset file: {error.Message}", error);
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{path}: not a preset file ({error.Message})", error);
        }
        if (file is null || string.IsNullOrWhiteSpace(file.Preset))
            throw new InvalidDataException($"{path}: the field 'preset' (quick, seed or best) is missing");
        try
        {
            file = file with { Parameters = file.Parameters ?? new Dictionary<string, string>() };
            file.Resolve();
        }
        catch (ArgumentException error)
        {
            throw new InvalidDataException($"{path}: {error.Message}", error);
        }
        return file;
    }

    public void Write(string path)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(this, Json);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>A trial of a search over <paramref name="preset"/>'s recipe for <paramref name="network"/>, trained for <paramref name="epochs"/>.</summary>
    public static PresetFile Of(Trial trial, string preset, string network, int epochs, string origin) =>
        new(preset, network, epochs, trial.Values.ToDictionary(v => v.Key, v => v.Value), origin);
}
