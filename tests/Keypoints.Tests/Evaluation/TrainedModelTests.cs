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
        // Matrix kernels sum a 9216-long dot product in a batch-size-dependent order: equal to far below a pixel, not bit for bit.
        Assert.Equal(together[4], alone[0], 1e-2);
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

    private static float[] Mirrored(float[] faces)
    {
        const int side = KeypointSchema.ImageSize;
        var mirrored = new float[faces.Length];
        for (int row = 0; row < faces.Length / side; row++)
            for (int x = 0; x < side; x++)
                mirrored[row * side + x] = faces[row * side + side - 1 - x];
        return mirrored;
    }

    [Theory]
    [InlineData("eye-corners")]
    [InlineData("nose-tip")]
    public void A_flip_averaged_prediction_of_a_mirrored_face_is_the_mirrored_prediction(string group)
    {
        var columns = KeypointSchema.Specialist(group).Columns;
        using var model = TrainedModel.FromNetwork("cnn-bn", columns, NetworkRegistry.Create("cnn-bn", columns.Count), CPU);
        model.FlipAveraging = true;
        // Not Kaggle's 97.5: the model's own value must be the one used.
        model.MirrorSum = 96.8f;
        var faces = RandomFaces(2, 3);
        var direct = model.Predict(faces, 2);
        var ofMirror = model.Predict(Mirrored(faces), 2);

        var permutation = KeypointSchema.FlipPermutation(columns);
        for (int face = 0; face < 2; face++)
            for (int c = 0; c < columns.Count; c++)
            {
                var partner = ofMirror[face * columns.Count + permutation[c]];
                var expected = columns[c] % 2 == 0 ? model.MirrorSum - partner : partner;
                Assert.Equal(expected, direct[face * columns.Count + c], 1e-3);
            }

        // Without averaging a random network is far from symmetric, so the test above has something to check.
        model.FlipAveraging = false;
        var plain = model.Predict(faces, 2);
        Assert.True(plain.Zip(direct).Max(p => Math.Abs(p.First - p.Second)) > 1e-3);
    }

    [Fact]
    public void Flip_averaging_is_saved_with_the_model()
    {
        int[] columns = [0, 1, 2, 3];
        using var model = TrainedModel.FromNetwork("mlp", columns, NetworkRegistry.Create("mlp", columns.Length), CPU);
        Assert.False(model.FlipAveraging);
        model.FlipAveraging = true;
        var faces = RandomFaces(3, 4);
        var stored = new MemoryStream();
        model.Save(stored);
        stored.Position = 0;
        using var loaded = TrainedModel.Load(stored, "cpu");
        Assert.True(loaded.FlipAveraging);
        Assert.Equal(model.Predict(faces, 3), loaded.Predict(faces, 3), (a, b) => Math.Abs(a - b) < 1e-4);
    }

    [Fact]
    public void The_label_mirror_is_saved_with_the_model()
    {
        int[] columns = [0, 1, 2, 3];
        using var model = TrainedModel.FromNetwork("mlp", columns, NetworkRegistry.Create("mlp", columns.Length), CPU);
        Assert.Equal(KeypointSchema.LabelMirrorSum, model.MirrorSum);
        model.MirrorSum = 96.8f;
        var stored = new MemoryStream();
        model.Save(stored);
        stored.Position = 0;
        using var loaded = TrainedModel.Load(stored, "cpu");
        Assert.Equal(96.8f, loaded.MirrorSum);
    }

    [Fact]
    public void A_model_file_of_the_second_format_loads_with_kaggles_label_mirror()
    {
        var stored = new MemoryStream();
        using (var writer = new BinaryWriter(stored, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("KeypointGrains.TrainedModel");
            writer.Write(2);
            writer.Write(TrainedModel.MeanName);
            writer.Write(2);
            writer.Write(0);
            writer.Write(1);
            writer.Write(true);
            writer.Write(31f);
            writer.Write(41f);
        }
        stored.Position = 0;
        using var loaded = TrainedModel.Load(stored);
        Assert.True(loaded.FlipAveraging);
        Assert.Equal(KeypointSchema.LabelMirrorSum, loaded.MirrorSum);
        Assert.Equal([31f, 41f], loaded.Predict(new float[KeypointSchema.PixelCount], 1));
    }

    [Fact]
    public void A_model_file_of_the_first_format_still_loads_without_flip_averaging()
    {
        var stored = new MemoryStream();
        using (var writer = new BinaryWriter(stored, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("KeypointGrains.TrainedModel");
            writer.Write(1);
            writer.Write(TrainedModel.MeanName);
            writer.Write(2);
            writer.Write(0);
            writer.Write(1);
            writer.Write(31f);
            writer.Write(41f);
        }
        stored.Position = 0;
        using var loaded = TrainedModel.Load(stored);
        Assert.False(loaded.FlipAveraging);
        Assert.Equal([31f, 41f], loaded.Predict(new float[KeypointSchema.PixelCount], 1));
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
