using System.Text.Json;
using KeypointGrains.Keypoints.Storage;

namespace KeypointGrains.Reporting;

/// <summary>The JSON files the studies write and kg report reads: written atomically, read with errors that name the field.</summary>
internal static class StudyJson
{
    public static void Write<T>(string path, T study) => AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, study, RunFolder.Json));

    /// <summary>Reads <paramref name="path"/> as <typeparamref name="T"/> (<paramref name="what"/> names it in errors).</summary>
    public static T Read<T>(string path, string what) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), RunFolder.Json)
                ?? throw new InvalidDataException($"{path}: not {what} (it holds null).");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{path}: not {what} (line {error.LineNumber + 1}, field {error.Path}): {error.Message}", error);
        }
    }
}
