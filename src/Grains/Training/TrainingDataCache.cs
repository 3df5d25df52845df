using System.Collections.Concurrent;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Data;

namespace KeypointGrains.Grains.Training;

/// <summary>
/// Training files parsed once per silo (every model of a campaign reads the same file), and each model's slice of it:
/// the rows that label its columns, capped at MaxRows, split into training and validation (grouped by near-duplicates) with the campaign's seed,
/// the training side expanded by the plan's photometric augmentations.
/// </summary>
public sealed class TrainingDataCache
{
    private readonly ConcurrentDictionary<string, Lazy<FaceSet>> files = new();

    public (FaceSet Train, FaceSet Validation) Load(TrainingAssignment assignment)
    {
        var path = Path.GetFullPath(assignment.DataPath);
        var all = files.GetOrAdd(path, p => new Lazy<FaceSet>(() => KaggleCsvReader.ReadTraining(p))).Value;
        // A whole-face model of a preset that masks the loss trains on every row; otherwise only rows that label every column.
        var labelled = TrainingRun.IsWholeFace(assignment) && TrainingRun.Preset(assignment)?.AllRows == true
            ? all
            : all.Labelled(assignment.Model.Columns);
        int maxRows = assignment.Training.MaxRows;
        // The file's rows are in random order already, so the first rows are a fair slice.
        if (maxRows > 0 && labelled.Count > maxRows) labelled = labelled.Select(Enumerable.Range(0, maxRows).ToArray());
        // Near-duplicate frames of one person stay on one side, or validation would flatter every model.
        var (train, validation) = DataSplit.GroupedTrainValidation(labelled, assignment.Training.ValidationFraction, assignment.Training.Seed);
        // Only the training side grows: a transformed copy of a validation face would be scored against itself.
        var expansions = TrainingRun.Augmentations(assignment).Expansions;
        return (expansions.Count == 0 ? train : FaceSetAugmenter.Expand(train, expansions), validation);
    }
}
