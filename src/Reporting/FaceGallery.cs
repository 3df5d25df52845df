using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;

namespace KeypointGrains.Reporting;

/// <summary>The worst and best validation faces of one model, ready to draw.</summary>
public sealed record FaceGallery(string Model, IReadOnlyList<FaceExample> Worst, IReadOnlyList<FaceExample> Best)
{
    /// <summary>The evaluation's worst and best images of a single trained model, predicted again for drawing.</summary>
    public static FaceGallery Of(TrainedModel model, FaceSet faces, EvaluationReport evaluation) =>
        Of(model.Network, model.Columns, subset => model.Predict(subset.Pixels, subset.Count), faces, evaluation);

    /// <summary>
    /// The evaluation's worst and best images of any predictor (an ensemble included): <paramref name="predict"/> gets
    /// a few faces and returns, per face, one pixel coordinate for each of <paramref name="columns"/>.
    /// </summary>
    public static FaceGallery Of(
        string model, IReadOnlyList<int> columns, Func<FaceSet, float[]> predict, FaceSet faces, EvaluationReport evaluation)
    {
        var rowOfId = new Dictionary<int, int>();
        for (int row = 0; row < faces.Count; row++) rowOfId.TryAdd(faces.Ids[row], row);
        var setColumns = faces.Columns.ToList();
        var truthPosition = columns.Select(c => setColumns.IndexOf(c)).ToArray();

        IReadOnlyList<FaceExample> Examples(IReadOnlyList<ImageError> images)
        {
            var rows = images.Select(image => rowOfId.TryGetValue(image.ImageId, out var row)
                ? row
                : throw new ArgumentException($"Image {image.ImageId} of the evaluation is not in the face set.", nameof(faces)))
                .ToArray();
            var subset = faces.Select(rows);
            var predicted = predict(subset);
            if (predicted.Length != subset.Count * columns.Count)
                throw new InvalidOperationException(
                    $"The predictor returned {predicted.Length} values for {subset.Count} faces of {columns.Count} columns.");
            return images.Select((image, i) => new FaceExample(
                image.ImageId,
                image.RmsePixels,
                subset.Image(i).ToArray(),
                columns,
                truthPosition.Select(p => p < 0 ? float.NaN : subset.Target(i)[p]).ToArray(),
                predicted.AsSpan(i * columns.Count, columns.Count).ToArray())).ToArray();
        }

        return new FaceGallery(model, Examples(evaluation.WorstImages), Examples(evaluation.BestImages));
    }
}
