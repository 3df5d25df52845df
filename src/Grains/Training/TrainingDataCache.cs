using System.Collections.Concurrent;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Keypoints.Data;

namespace KeypointGrains.Grains.Training;

/// <summary>
/// Training files parsed once per silo (every model of a campaign reads the same file), and each model's slice of it:
/// the rows that label its columns, capped at MaxRows, split into training and validation with the campaign's seed.
/// </summary>
public sealed class TrainingDataCache
{
    private readonly ConcurrentDictionary<string, Lazy<FaceSet>> files = new();

    public (FaceSet Train, FaceSet Validation) Load(TrainingAssignment assignment)
    {
        var path = Path.GetFullPath(assignment.DataPath);
        var all = files.GetOrAdd(path, p => new Lazy<FaceSet>(() => KaggleCsvReader.ReadTraining(p))).Value;
        var labelled = all.Labelled(assignment.Model.Columns);

        var rows = Enumerable.Range(0, labelled.Count).ToArray();
        new Random(assignment.Training.Seed).Shuffle(rows);
        if (assignment.Training.MaxRows > 0 && rows.Length > assignment.Training.MaxRows)
            rows = rows[..assignment.Training.MaxRows];
        int validation = Math.Max(1, (int)Math.Round(rows.Length * assignment.Training.ValidationFraction));
        if (rows.Length - validation < 1)
            throw new InvalidOperationException(
                $"{assignment.DataPath} has {rows.Length} rows labelling model '{assignment.Model.Name}': too few to split.");
        return (labelled.Select(rows[validation..]), labelled.Select(rows[..validation]));
    }
}
