using KeypointGrains.Keypoints.Training;

namespace KeypointGrains.Reporting;

/// <summary>
/// ablation-study.json, what <c>kg ablation-study</c> measured and <c>kg report</c> shows: a preset's runs, and the faces
/// they shared (the data file, the grouped split, the seed).
/// </summary>
public sealed record AblationStudyFile(
    string Data,
    string Preset,
    int TrainingFaces,
    int ValidationFaces,
    int Seed,
    IReadOnlyList<AblationResult> Runs)
{
    public const string FileName = "ablation-study.json";

    /// <summary>Writes the file atomically (a reader sees the old one or the whole new one).</summary>
    public void Write(string path) => StudyJson.Write(path, this);

    public static AblationStudyFile Read(string path)
    {
        var study = StudyJson.Read<AblationStudyFile>(path, "an ablation study");
        if (study.Runs is not { Count: > 0 } || study.Runs.All(r => r?.Name != AblationStudy.Full))
            throw new InvalidDataException($"{path}: an ablation study needs a 'Runs' list with the '{AblationStudy.Full}' run.");
        return study;
    }
}
