using KeypointGrains.Specs;

namespace KeypointGrains.Keypoints.Training;

/// <summary>
/// The versioned binary layout of a trainer checkpoint: a <see cref="FormatHeader"/>, the
/// <see cref="TrainerCheckpointHeader"/>, then the tensors the trainer writes (weights, optimizer state, best weights).
/// Every version from 1 reads: version 2 added the optimizer's name (and AdamW's state; version 1 checkpoints are
/// Nesterov ones), version 3 the label mirror (older ones keep the value estimated from the faces), version 4 the moving
/// average of the weights after the best ones (a run with one that resumes from an older file starts it from its weights).
/// </summary>
public static class TrainerCheckpointFormat
{
    public const string Magic = "KeypointGrains.TrainerCheckpoint";
    public const int Version = 4;

    public static void Write(BinaryWriter writer, TrainerCheckpointHeader header)
    {
        FormatHeader.Write(writer, Magic, Version);
        writer.Write(header.Model);
        writer.Write(header.Columns.Count);
        foreach (var column in header.Columns) writer.Write(column);
        writer.Write(header.Seed);
        writer.Write(header.Optimizer);
        writer.Write(header.MirrorSum ?? throw new ArgumentException("A checkpoint is written with its label mirror.", nameof(header)));
        writer.Write(header.Epoch);
        writer.Write(header.BestEpoch);
        writer.Write(header.BestLoss);
        writer.Write(header.LastEpoch);
        writer.Write(header.History.Count);
        foreach (var r in header.History)
        {
            writer.Write(r.Epoch);
            writer.Write(r.TrainLoss);
            writer.Write(r.ValidationLoss);
            writer.Write(r.ValidationRmsePixels);
            writer.Write(r.Improved);
            writer.Write(r.Seconds);
            writer.Write(r.ImagesPerSecond);
        }
    }

    /// <summary>Reads the header of a checkpoint of any supported version; the tensors follow in the stream.</summary>
    public static TrainerCheckpointHeader Read(BinaryReader reader)
    {
        var version = FormatHeader.Read(reader, Magic, 1, Version, "a training checkpoint");
        var model = reader.ReadString();
        var columns = new int[reader.ReadInt32()];
        for (int i = 0; i < columns.Length; i++) columns[i] = reader.ReadInt32();
        var seed = reader.ReadInt32();
        var optimizer = version == 1 ? TrainingRecipe.Nesterov : reader.ReadString();
        float? mirrorSum = version >= 3 ? reader.ReadSingle() : null;
        var epoch = reader.ReadInt32();
        var bestEpoch = reader.ReadInt32();
        var bestLoss = reader.ReadDouble();
        var lastEpoch = reader.ReadInt32();
        var history = new EpochResult[reader.ReadInt32()];
        for (int i = 0; i < history.Length; i++)
            history[i] = new EpochResult(reader.ReadInt32(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(),
                reader.ReadBoolean(), reader.ReadDouble(), reader.ReadDouble());
        return new TrainerCheckpointHeader(model, columns, seed, optimizer, mirrorSum, epoch, bestEpoch, bestLoss, lastEpoch, history, version);
    }
}
