using KeypointGrains.Keypoints.Training;

namespace KeypointGrains.Reporting;

/// <summary>
/// augmentation-study.json, what <c>kg augment-study</c> measured and <c>kg report</c> shows: the runs, and the faces
/// they shared (the data file, how many faces, how the grouped split divided them, the seed).
/// </summary>
public sealed record AugmentationStudyFile(
    string Data,
    int Faces,
    int TrainingFaces,
    int ValidationFaces,
    int Seed,
    IReadOnlyList<AugmentationResult> Runs)
{
    public const string FileName = "augmentation-study.json";

    /// <summary>Writes the file atomically (a reader sees the old one or the whole new one).</summary>
    public void Write(string path) => StudyJson.Write(path, this);

    public static AugmentationStudyFile Read(string path)
    {
        var study = StudyJson.Read<AugmentationStudyFile>(path, "an augmentation study");
        if (study.Runs is not { Count: > 0 } || study.Runs.Any(r => r is null || string.IsNullOrEmpty(r.Augmentation)))
            throw new InvalidDataException($"{path}: an augmentation study needs a 'Runs' list of named runs.");
        return study;
    }
}
