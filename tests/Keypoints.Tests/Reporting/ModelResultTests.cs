using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Reporting;
using KeypointGrains.Keypoints.Training;

namespace KeypointGrains.Keypoints.Tests.Reporting;

public sealed class ModelResultTests
{
    private static readonly EpochReport[] History =
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
    public void FromHistoryRefusesAnEmptyHistory()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelResult.FromHistory("lonely", ModelKind.Model, null, [0], 1, 1, []));
        Assert.Contains("lonely", error.Message);
    }
}
