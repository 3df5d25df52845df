using KeypointGrains.Contracts.Inference;

namespace KeypointGrains.ClusterClient.Inference;

/// <summary>One group's answer from its fold copies (a k-fold ensemble): the mean of the copies that answered.</summary>
public static class FoldAverage
{
    /// <summary>The mean of the answers given (all for the same columns), or null when none was.</summary>
    public static GroupPrediction? Of(string group, IEnumerable<GroupPrediction?> answers)
    {
        var given = answers.OfType<GroupPrediction>().ToArray();
        if (given.Length <= 1) return given.FirstOrDefault();
        var columns = given[0].Columns;
        if (given.Any(a => !a.Columns.SequenceEqual(columns) || a.Coordinates.Length != given[0].Coordinates.Length))
            throw new InvalidOperationException($"The fold copies of '{group}' answered for different columns or faces.");
        var mean = new float[given[0].Coordinates.Length];
        foreach (var answer in given)
            for (int i = 0; i < mean.Length; i++) mean[i] += answer.Coordinates[i];
        for (int i = 0; i < mean.Length; i++) mean[i] /= given.Length;
        return new GroupPrediction(group, columns, mean);
    }
}
