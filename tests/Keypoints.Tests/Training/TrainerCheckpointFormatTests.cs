using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Training;
using KeypointGrains.Specs;

namespace KeypointGrains.Keypoints.Tests.Training;

/// <summary>
/// Checkpoints of every format version still load. The older files are made here by code, field by field as those
/// versions wrote them (version 1: no optimizer name; versions 1 and 2: no label mirror), around the tensors of a
/// checkpoint of today, which those versions wrote the same way for a Nesterov run.
/// </summary>
public class TrainerCheckpointFormatTests
{
    private static readonly TrainingRecipe Recipe = new() { Network = "mlp", MaxEpochs = 5, BatchSize = 16 };
    private static readonly TrainerSetup Cpu = new() { Device = "cpu" };

    private static (FaceSet Train, FaceSet Validation) Faces()
    {
        var faces = FkdSlice.Load(64).Labelled(KeypointSchema.AllColumns);
        return (faces.Select(Enumerable.Range(0, 48).ToArray()), faces.Select(Enumerable.Range(48, 16).ToArray()));
    }

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void A_checkpoint_of_each_version_resumes_the_run(int version)
    {
        var (train, validation) = Faces();
        using var original = new KeypointTrainer(Recipe, train, validation, Cpu);
        original.RunEpoch();
        original.RunEpoch();
        var current = new MemoryStream();
        original.SaveCheckpoint(current);

        using var resumed = new KeypointTrainer(Recipe, train, validation, Cpu);
        float estimated = resumed.MirrorSum;
        resumed.LoadCheckpoint(new MemoryStream(AsVersion(current.ToArray(), version, mirrorSum: estimated + 0.25f)));

        Assert.Equal(2, resumed.Epoch);
        Assert.Equal(original.History, resumed.History);
        Assert.Equal(original.Record.BestLoss, resumed.Record.BestLoss);
        // Versions before 3 stored no mirror: the run keeps the one estimated from its faces.
        Assert.Equal(version >= 3 ? estimated + 0.25f : estimated, resumed.MirrorSum);
        using var expected = original.ExportBest();
        using var loaded = resumed.ExportBest();
        Assert.Equal(expected.Predict(validation.Pixels, validation.Count), loaded.Predict(validation.Pixels, validation.Count));
    }

    [Fact]
    public void A_version_newer_than_this_build_is_refused_by_number()
    {
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(TrainerCheckpointFormat.Magic);
            writer.Write(TrainerCheckpointFormat.Version + 1);
        }
        stream.Position = 0;
        var error = Assert.Throws<InvalidDataException>(() => TrainerCheckpointFormat.Read(new BinaryReader(stream)));
        Assert.Contains($"version {TrainerCheckpointFormat.Version + 1}", error.Message);
    }

    /// <summary>
    /// Today's checkpoint rewritten as <paramref name="version"/> wrote it (with a mirror of our choosing): the fields
    /// before the epoch count are what the versions changed; from there on the bytes are the same.
    /// </summary>
    private static byte[] AsVersion(byte[] checkpoint, int version, float mirrorSum)
    {
        var reader = new BinaryReader(new MemoryStream(checkpoint));
        Assert.Equal(TrainerCheckpointFormat.Magic, reader.ReadString());
        Assert.Equal(TrainerCheckpointFormat.Version, reader.ReadInt32());
        var (model, columns) = (reader.ReadString(), Enumerable.Range(0, reader.ReadInt32()).Select(_ => reader.ReadInt32()).ToArray());
        var (seed, optimizer, _) = (reader.ReadInt32(), reader.ReadString(), reader.ReadSingle());

        var file = new MemoryStream();
        using var writer = new BinaryWriter(file);
        writer.Write(TrainerCheckpointFormat.Magic);
        writer.Write(version);
        writer.Write(model);
        writer.Write(columns.Length);
        foreach (var column in columns) writer.Write(column);
        writer.Write(seed);
        if (version >= 2) writer.Write(optimizer);
        if (version >= 3) writer.Write(mirrorSum);
        writer.Write(checkpoint.AsSpan((int)reader.BaseStream.Position));
        writer.Flush();
        return file.ToArray();
    }
}
