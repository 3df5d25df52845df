namespace KeypointGrains.Keypoints.Data;

/// <summary>Which rows of a split one model trains and is scored on.</summary>
public static class ModelRows
{
    /// <summary>
    /// A model's rows on each side of a split of the whole file: every row for a whole-face model that trains with a
    /// masked loss (<paramref name="allRows"/>), otherwise the rows that label all of <paramref name="columns"/>, as a
    /// set of those columns. The training side keeps its first <paramref name="maxTrainingFaces"/> rows (0 = all; the
    /// file's rows are in random order, so that is a fair slice); the validation side is never cut, so every model of a
    /// campaign is scored on the same faces.
    /// </summary>
    public static (FaceSet Train, FaceSet Validation) Of(FaceSet wholeTrain, FaceSet wholeValidation, IReadOnlyList<int> columns,
        bool allRows, int maxTrainingFaces)
    {
        bool everyRow = allRows && columns.SequenceEqual(wholeTrain.Columns);
        var (train, validation) = everyRow
            ? (wholeTrain, wholeValidation)
            : (wholeTrain.Labelled(columns), wholeValidation.Labelled(columns));
        return maxTrainingFaces > 0 && train.Count > maxTrainingFaces
            ? (train.Select(Enumerable.Range(0, maxTrainingFaces).ToArray()), validation)
            : (train, validation);
    }
}
