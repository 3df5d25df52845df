using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Keypoints.Evaluation;

/// <summary>Scores a model on labelled faces: RMSE in pixels over every present value, per keypoint and per image.</summary>
public static class Evaluator
{
    public const int Extremes = 4;

    public static EvaluationReport Evaluate(TrainedModel model, FaceSet faces) =>
        Evaluate(model.Network, model.Columns, model.Predict(faces.Pixels, faces.Count), faces);

    /// <summary>
    /// Scores predictions made elsewhere, such as an ensemble's merged columns: <paramref name="predictions"/> holds
    /// faces.Count × <paramref name="columns"/>.Count pixel coordinates in <paramref name="columns"/>' order.
    /// </summary>
    public static EvaluationReport Evaluate(string network, IReadOnlyList<int> columns, float[] predictions, FaceSet faces)
    {
        var setColumns = faces.Columns.ToList();
        var position = columns.Select(c => setColumns.IndexOf(c)).ToArray();
        if (position.Any(p => p < 0))
            throw new ArgumentException(
                $"The face set lacks columns the model predicts: " +
                string.Join(", ", columns.Where((_, i) => position[i] < 0).Select(c => KeypointSchema.Columns[c])) + ".",
                nameof(faces));

        int width = columns.Count;
        if (predictions.Length != (long)faces.Count * width)
            throw new ArgumentException(
                $"Expected {faces.Count} faces × {width} columns = {(long)faces.Count * width} predictions, got {predictions.Length}.",
                nameof(predictions));
        var keypointSums = new Dictionary<int, (double Sum, int Count)>();
        var images = new List<ImageError>();
        double total = 0;
        int values = 0;
        for (int face = 0; face < faces.Count; face++)
        {
            double imageSum = 0;
            int imageValues = 0;
            for (int c = 0; c < width; c++)
            {
                var label = faces.Targets[face * faces.Columns.Count + position[c]];
                if (float.IsNaN(label)) continue;
                double error = predictions[face * width + c] - (double)label;
                double squared = error * error;
                imageSum += squared;
                imageValues++;
                int keypoint = columns[c] / 2;
                var (sum, count) = keypointSums.GetValueOrDefault(keypoint);
                keypointSums[keypoint] = (sum + squared, count + 1);
            }
            if (imageValues == 0) continue;
            images.Add(new ImageError(faces.Ids[face], Math.Sqrt(imageSum / imageValues), imageValues));
            total += imageSum;
            values += imageValues;
        }

        var perKeypoint = keypointSums.OrderBy(k => k.Key)
            .Select(k => new KeypointError(KeypointSchema.Keypoints[k.Key], Math.Sqrt(k.Value.Sum / k.Value.Count), k.Value.Count))
            .ToArray();
        return new EvaluationReport(
            network,
            faces.Count,
            values,
            values == 0 ? double.NaN : Math.Sqrt(total / values),
            perKeypoint,
            perKeypoint.OrderByDescending(k => k.RmsePixels).Take(Extremes).ToArray(),
            perKeypoint.OrderBy(k => k.RmsePixels).Take(Extremes).ToArray(),
            images.OrderByDescending(i => i.RmsePixels).Take(Extremes).ToArray(),
            images.OrderBy(i => i.RmsePixels).Take(Extremes).ToArray());
    }
}
