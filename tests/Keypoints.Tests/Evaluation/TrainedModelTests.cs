using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Networks;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Data;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Tests.Evaluation;

public class TrainedModelTests
{
    private static float[] RandomFaces(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count * KeypointSchema.PixelCount).Select(_ => random.NextSingle()).ToArray();
    }

    [Theory]
    [InlineData("mlp", 300)]
    [InlineData("cnn-small", 20)]
    public void A_saved_network_loads_and_predicts_the_same(string name, int count)
    {
        var columns = KeypointSchema.Specialist("eye-corners").Columns;
        using var model = TrainedModel.FromNetwork(name, columns, NetworkRegistry.Create(name, columns.Count), CPU);
        var faces = RandomFaces(count, 1);
        var before = model.Predict(faces, count);

        var stored = new MemoryStream();
        model.Save(stored);
        stored.Position = 0;
        using var loaded = TrainedModel.Load(stored, "cpu");

        Assert.Equal(name, loaded.Network);
        Assert.Equal(columns, loaded.Columns);
        Assert.Equal(count * columns.Count, before.Length);
        Assert.Equal(before, loaded.Predict(faces, count));
    }

    [Fact]
    public void A_face_gets_the_same_prediction_alone_or_in_a_batch()
    {
        using var model = TrainedModel.FromNetwork("mlp", [0, 1], NetworkRegistry.Create("mlp", 2), CPU);
        var faces = RandomFaces(3, 2);
        var together = model.Predict(faces, 3);
        var alone = model.Predict(faces[(2 * KeypointSchema.PixelCount)..], 1);
        Assert.Equal(together[4], alone[0], 4);
    }

    [Fact]
    public void The_mean_model_predicts_each_column_mean_and_round_trips()
    {
        var faces = new FaceSet(new float[3 * KeypointSchema.PixelCount], [30, 40, 32, float.NaN, 34, 44], [1, 2, 3], [0, 1]);
        using var mean = TrainedModel.Mean(faces);
        Assert.Equal([32f, 42f, 32f, 42f], mean.Predict(new float[2 * KeypointSchema.PixelCount], 2));

        var stored = new MemoryStream();
        mean.Save(stored);
        stored.Position = 0;
        using var loaded = TrainedModel.Load(stored);
        Assert.Equal(TrainedModel.MeanName, loaded.Network);
        Assert.Equal([32f, 42f], loaded.Predict(new float[KeypointSchema.PixelCount], 1));
    }

    [Fact]
    public void Bad_input_is_a_clear_error()
    {
        using var mean = TrainedModel.Mean(new FaceSet(new float[KeypointSchema.PixelCount], [30, 40], [1], [0, 1]));
        Assert.Throws<ArgumentException>(() => mean.Predict(new float[100], 1));
        Assert.Throws<InvalidDataException>(() => TrainedModel.Load(new MemoryStream()));
        Assert.Throws<InvalidDataException>(() => TrainedModel.Load(new MemoryStream("not a model"u8.ToArray())));
    }
}
