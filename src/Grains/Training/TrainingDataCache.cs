using System.Collections.Concurrent;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Keypoints.Augment;
using KeypointGrains.Keypoints.Data;

namespace KeypointGrains.Grains.Training;

/// <summary>
/// Training files parsed and split once per silo (every model of a campaign reads the same file and shares one grouped
/// split of it, so all hold out the same people), and each model's slice: the rows of each side that label its columns,
/// capped at MaxRows, the training side expanded by the plan's photometric augmentations.
/// </summary>
public sealed class TrainingDataCache
{
    private readonly ConcurrentDictionary<(string Path, double Fraction, int Seed), Lazy<(FaceSet Train, FaceSet Validation)>> splits = new();

    public (FaceSet Train, FaceSet Validation) Load(TrainingAssignment assignment)
    {
        var t = assignment.Training;
        var path = Path.GetFullPath(assignment.DataPath);
        // Near-duplicate frames of one person stay on one side, or validation would flatter every model.
        var (wholeTrain, wholeValidation) = splits.GetOrAdd((path, t.ValidationFraction, t.Seed), key => new(() =>
            DataSplit.GroupedTrainValidation(KaggleCsvReader.ReadTraining(key.Path), key.Fraction, key.Seed))).Value;
        var (train, validation) = Slice(wholeTrain, wholeValidation, assignment);
        // Only the training side grows: a transformed copy of a validation face would be scored against itself.
        var expansions = TrainingRun.Augmentations(assignment).Expansions;
        return (expansions.Count == 0 ? train : FaceSetAugmenter.Expand(train, expansions), validation);
    }

    /// <summary>
    /// A model's rows of each side of the file's split: every row for a whole-face model of a preset that masks the
    /// loss, otherwise the rows that label all of its columns; capped at MaxRows.
    /// </summary>
    public static (FaceSet Train, FaceSet Validation) Slice(FaceSet wholeTrain, FaceSet wholeValidation, TrainingAssignment assignment)
    {
        var t = assignment.Training;
        bool everyRow = TrainingRun.IsWholeFace(assignment) && TrainingRun.Preset(assignment)?.AllRows == true;
        var (train, validation) = everyRow
            ? (wholeTrain, wholeValidation)
            : (wholeTrain.Labelled(assignment.Model.Columns), wholeValidation.Labelled(assignment.Model.Columns));
        if (t.MaxRows <= 0) return (train, validation);
        // The file's rows are in random order already, so the first rows of each side are a fair slice.
        int validationRows = (int)Math.Round(t.MaxRows * t.ValidationFraction);
        return (First(train, t.MaxRows - validationRows), First(validation, validationRows));
    }

    private static FaceSet First(FaceSet faces, int count) =>
        faces.Count > count ? faces.Select(Enumerable.Range(0, count).ToArray()) : faces;
}
