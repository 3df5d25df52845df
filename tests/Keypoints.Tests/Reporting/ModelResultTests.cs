using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Reporting;

namespace KeypointGrains.Keypoints.Tests.Reporting;

public sealed class ModelResultTests
{
    private static readonly EpochResult[] History =
    [
        new(1, 0.05, 0.040, 9.6, true, 2.0, 100),
        new(2, 0.02, 0.010, 4.8, true, 3.0, 100),
        new(3, 0.01, 0.012, 5.3, false, 4.0, 100),
    ];

    [Fact]
    public void FromHistoryTakesTheLossesOfTheBestEpochAndTheTotalTime()
    {
        var model = ModelResult.FromHistory("m", ModelKind.Model, null, [0, 1], 100, 5000, History);

        Assert.Equal((3, 9.0, 3.0), (model.Epochs, model.TotalSeconds, model.SecondsPerEpoch));
        Assert.Equal((0.02, 0.010, 4.8), (model.TrainMse, model.ValidationMse, model.RmsePixels));
    }

    [Fact]
    public void FromHistoryPrefersTheEvaluationsRmse()
    {
        var evaluation = new EvaluationReport("m", 10, 20, 4.1, [], [], [], [], []);
        var model = ModelResult.FromHistory("m", ModelKind.Specialist, 2, [0, 1], 100, 5000, History, evaluation);
        Assert.Equal(4.1, model.RmsePixels);
    }

    [Fact]
    public void MeanShapeIsScoredOnBothSidesWithoutEpochs()
    {
        // Training mean (x, y) = (30, 40); validation faces miss one coordinate each by 3 and 4 px, training faces every one by 2 px.
        var train = Faces(28, 38, 32, 42);
        var validation = Faces(33, 40, 30, 44);

        var model = ModelResult.MeanShape("Model 0", train, validation);

        Assert.Equal(("Model 0", ModelKind.Model, 4, 2, 0), (model.Name, model.Kind, model.Rows, (int)model.Parameters, model.Epochs));
        Assert.Equal(Math.Sqrt((9 + 0 + 0 + 16) / 4.0), model.RmsePixels, 9);
        Assert.Equal(Math.Pow(2.0 / 48, 2), model.TrainMse, 9);
        Assert.Equal(Math.Pow(model.RmsePixels / 48, 2), model.ValidationMse, 9);
        Assert.Empty(model.History);
    }

    [Fact]
    public void AnEnsembleAddsUpItsMembersAndTakesTheEvaluationsRmse()
    {
        var members = new[]
        {
            ModelResult.FromHistory("a", ModelKind.Specialist, 1, [0, 1], 100, 5000, History),
            ModelResult.FromHistory("b", ModelKind.Specialist, 2, [2, 3], 80, 7000, History.Take(2).ToArray()),
        };
        var evaluation = new EvaluationReport("merged", 10, 300, 2.4, [], [], [], [], []);

        var ensemble = ModelResult.Ensemble("merged", members, 120, evaluation);

        Assert.Equal((ModelKind.Ensemble, 30, 120, 12000L, 5), (ensemble.Kind, ensemble.Columns.Count, ensemble.Rows, ensemble.Parameters, ensemble.Epochs));
        Assert.Equal((14.0, 14.0 / 5), (ensemble.TotalSeconds, ensemble.SecondsPerEpoch));
        Assert.Equal(2.4, ensemble.RmsePixels);
        Assert.Equal(Math.Pow(2.4 / 48, 2), ensemble.ValidationMse, 12);
        Assert.True(double.IsNaN(ensemble.TrainMse));
        Assert.Same(evaluation, ensemble.Evaluation);
    }

    private static FaceSet Faces(params float[] targets) =>
        new(new float[targets.Length / 2 * KeypointSchema.PixelCount], targets, Enumerable.Range(1, targets.Length / 2).ToArray(), [0, 1]);

    [Fact]
    public void FromHistoryRefusesAnEmptyHistory()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelResult.FromHistory("lonely", ModelKind.Model, null, [0], 1, 1, []));
        Assert.Contains("lonely", error.Message);
    }
}
