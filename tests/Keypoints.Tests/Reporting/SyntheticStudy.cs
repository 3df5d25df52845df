using KeypointGrains.Keypoints.Photos;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Networks;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Reporting;

namespace KeypointGrains.Keypoints.Tests.Reporting;

/// <summary>Made-up results for the parts of a report that need no training (tables, curves, pictures).</summary>
internal static class SyntheticStudy
{
    public static IReadOnlyList<EpochResult> History(int epochs, double start, double floor) =>
        Enumerable.Range(1, epochs).Select(e =>
        {
            double validation = floor + (start - floor) / e + (e > epochs * 3 / 4 ? 0.0001 * e : 0);
            return new EpochResult(e, validation * 0.8, validation, Math.Sqrt(validation) * 48, e <= epochs * 3 / 4, 1.5, 1000);
        }).ToArray();

    public static float[] Face(int seed)
    {
        var pixels = new float[KeypointSchema.PixelCount];
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = (float)(0.5 + 0.4 * Math.Sin((i % KeypointSchema.ImageSize + seed) / 9.0) * Math.Cos(i / KeypointSchema.ImageSize / 13.0));
        return pixels;
    }

    public static FaceExample Example(int id, double rmse)
    {
        var columns = Enumerable.Range(0, KeypointSchema.ColumnCount).ToArray();
        var truth = columns.Select(c => 20f + 3 * c).ToArray();
        truth[29] = float.NaN;
        return new FaceExample(id, rmse, Face(id), columns, truth, truth.Select(v => v + (float)rmse).ToArray());
    }

    public static StudyResults Build(string firstModelName = "mlp")
    {
        var all = Enumerable.Range(0, KeypointSchema.ColumnCount).ToArray();
        var keypointErrors = KeypointSchema.Keypoints.Select((k, i) => new KeypointError(k, 1 + i * 0.1, 200)).ToArray();
        var evaluation = new EvaluationReport("cnn-small", 100, 3000, 2.4, keypointErrors,
            keypointErrors.Reverse().Take(4).ToArray(), keypointErrors.Take(4).ToArray(),
            [new ImageError(7, 6.1, 30)], [new ImageError(8, 0.9, 30)]);
        var models = new List<ModelResult>
        {
            ModelResult.FromHistory(firstModelName, ModelKind.Model, null, all, 2140, 927_230, History(40, 0.05, 0.004)),
            ModelResult.FromHistory("cnn-small", ModelKind.Model, null, all, 2140, 7_303_774, History(60, 0.05, 0.002), evaluation),
        };
        for (int s = 0; s < KeypointSchema.Specialists.Count; s++)
        {
            var group = KeypointSchema.Specialists[s];
            models.Add(ModelResult.FromHistory(group.Name, ModelKind.Specialist, s + 1, group.Columns, 2000 + 700 * s,
                7_000_000, History(20 + 5 * s, 0.04, 0.0015 + 0.0002 * s)));
        }
        models.Add(new ModelResult("specialists combined", ModelKind.Ensemble, null, all, 7049, 43_000_000,
            models.Skip(2).Sum(m => m.Epochs), 1.5, models.Skip(2).Sum(m => m.TotalSeconds), double.NaN, double.NaN, 2.1, []));

        using var network = NetworkRegistry.Create("cnn-small", KeypointSchema.ColumnCount);
        return new StudyResults(
            "Synthetic study",
            models,
            [
                new AugmentationResult("none", "cnn-small", 1712, 60, 0.0021, 2.2, 300),
                new AugmentationResult("contrast-stretch", "cnn-small", 3424, 55, 0.0019, 2.09, 610),
            ],
            new FaceGallery("cnn-small", [Example(7, 6.1), Example(9, 5.0)], [Example(8, 0.9)]),
            FirstLayerProbe.Capture(network, Face(3)),
            "made-up numbers",
            new AblationStudyFile("training.csv", "best", 2879, 418, 42,
            [
                new AblationResult(AblationStudy.Full, "none", "cnn-res", 2879, 60, 1.41, 40),
                new AblationResult("optimizer", "the seed's Nesterov SGD", "cnn-res", 2879, 60, 2.05, 39),
            ]),
            Photos(),
            Search());
    }

    /// <summary>
    /// Four made-up trials over lr (log-uniform) and batch; η = 3, rungs after epochs 1 and 3 of 9. At epoch 1 the best
    /// two of four go on (cut-off 0.06): trial-0 reached epoch 3 and finished, trial-2 still trains; trial-1 and trial-3 stopped.
    /// </summary>
    public static SearchResults Search()
    {
        static KeyValuePair<string, string>[] Values(string lr, string batch) => [new("lr", lr), new("batch", batch)];
        return new SearchResults("search", 1, 3, 9,
        [
            new SearchTrial("trial-0", Values("1e-3", "32"), 9, 6.8, "Finished", false),
            new SearchTrial("trial-1", Values("2e-2", "16"), 2, 13.6, "stopped at a rung", true),
            new SearchTrial("trial-2", Values("3e-4", "32"), 2, 11.7, "Training", false),
            new SearchTrial("trial-3", Values("5e-5", "64"), 2, 14.4, "stopped at a rung", true),
        ], new Dictionary<int, IReadOnlyDictionary<string, double>>
        {
            [1] = new Dictionary<string, double> { ["trial-0"] = 0.05, ["trial-1"] = 0.08, ["trial-2"] = 0.06, ["trial-3"] = 0.09 },
            [3] = new Dictionary<string, double> { ["trial-0"] = 0.02 },
        });
    }

    /// <summary>Three made-up photos with true keypoints: two faces found (NME 0.05 and 0.12), one missed.</summary>
    public static PhotoResults Photos()
    {
        var truth = KeypointSchema.Keypoints.SelectMany((_, k) => new[] { 40f + 3 * k, 50f + (k % 5) * 4 }).ToArray();
        var rows = new[] { "near.jpg", "far.png", "missed.jpg" }.Select(name => new PhotoKeypoints(name, truth)).ToArray();
        var photos = rows.Select(_ => new GreyPhoto(120, 100, Enumerable.Range(0, 120 * 100).Select(i => (byte)(i % 251)).ToArray(), "jpeg")).ToArray();
        var box = new FaceBox(30, 35, 60, 60, 1);
        var predicted = truth.Select(v => v + 2).ToArray();
        var accuracy = new PhotoAccuracy(new LabelledPhotos("photos", rows), photos, [box, box, null], [predicted, predicted, null],
            [0.05, 0.12, double.PositiveInfinity], [0.04, 0.06, 0.05], [0.045, 0.07, 0.06]);
        return new PhotoResults("photos", "campaign synthetic, ensemble version 1", accuracy);
    }
}
