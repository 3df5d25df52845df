using KeypointGrains.Specs;

namespace KeypointGrains.Keypoints.Data;

/// <summary>Which rows of a split one model trains and is scored on.</summary>
public static class ModelRows
{
    /// <summary>
    /// <paramref name="spec"/>'s rows on each side of its split of the whole file (<see cref="DataSplit.Grouped"/>): every
    /// row for a whole-face model that trains with a masked loss (the recipe's AllRows), otherwise the rows that label all
    /// of its columns, as a set of those columns. The training side keeps its first MaxTrainingFaces rows (0 = all; the
    /// file's rows are in random order, so that is a fair slice); the validation side is never cut, so every model of a
    /// campaign is scored on the same faces.
    /// </summary>
    public static (FaceSet Train, FaceSet Validation) Of((FaceSet Train, FaceSet Validation) split, ModelSpec spec)
    {
        var (wholeTrain, wholeValidation) = split;
        var (columns, limit) = (spec.Columns, spec.Recipe.MaxTrainingFaces);
        bool everyRow = spec.Recipe.AllRows && columns.SequenceEqual(wholeTrain.Columns);
        var (train, validation) = everyRow
            ? (wholeTrain, wholeValidation)
            : (wholeTrain.Labelled(columns), wholeValidation.Labelled(columns));
        return limit > 0 && train.Count > limit ? (train.Select(Enumerable.Range(0, limit).ToArray()), validation) : (train, validation);
    }
}
