using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Networks;
using KeypointGrains.Keypoints.Schema;
using KeypointGrains.Keypoints.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Evaluation;

/// <summary>
/// A model ready for inference: a trained network (or the "mean" baseline), the schema columns it predicts and
/// its weights. Predictions are pixel coordinates.
/// </summary>
public sealed class TrainedModel : IDisposable
{
    public const string MeanName = "mean";
    private const string Magic = "KeypointGrains.TrainedModel";
    // Version 2 adds FlipAveraging (version 1 models load with it off); version 3 adds MirrorSum (older ones: 97.5).
    private const int FormatVersion = 3;

    private readonly nn.Module<Tensor, Tensor>? network;

    /// <summary>The network (null for the mean model): to start another trainer from, or to picture its layers; owned by this model.</summary>
    public nn.Module<Tensor, Tensor>? Module => network;
    private readonly float[]? mean;
    private readonly Device device;

    /// <summary>Where the network's weights are (the CPU for the mean model).</summary>
    public Device Device => device;

    private TrainedModel(string name, IReadOnlyList<int> columns, nn.Module<Tensor, Tensor>? network, float[]? mean, Device device)
    {
        Network = name;
        Columns = columns.ToArray();
        this.network = network;
        this.mean = mean;
        this.device = device;
        network?.eval();
    }

    /// <summary>A registry network name, or <see cref="MeanName"/>.</summary>
    public string Network { get; }

    /// <summary>The schema columns this model predicts, in output order.</summary>
    public IReadOnlyList<int> Columns { get; }

    /// <summary>
    /// Test-time flip averaging: each face is predicted as it is and mirrored, the mirrored prediction is mapped back
    /// (x → <see cref="MirrorSum"/> − x, left/right pairs swapped) and the two are averaged. Doubles the faces
    /// of a pass; helps networks trained with or without flips. Saved with the model; off by default (the seed
    /// predicted once). The mean model ignores it.
    /// </summary>
    public bool FlipAveraging { get; set; }

    /// <summary>
    /// Where this model's labels go when a face is mirrored (x → MirrorSum − x), as its trainer estimated it from the
    /// training faces (<see cref="LabelMirror"/>); flip averaging maps mirrored predictions back with it. Saved with the model.
    /// </summary>
    public float MirrorSum { get; set; } = KeypointSchema.LabelMirrorSum;

    /// <summary>Wraps a network (this model then owns it).</summary>
    public static TrainedModel FromNetwork(string name, IReadOnlyList<int> columns, nn.Module<Tensor, Tensor> network, Device device) =>
        new(name, columns, network, null, device);

    /// <summary>The baseline: each column's mean over the faces that label it (the image centre where none do).</summary>
    public static TrainedModel Mean(FaceSet train)
    {
        int width = train.Columns.Count;
        var sums = new double[width];
        var counts = new int[width];
        for (int face = 0; face < train.Count; face++)
            for (int c = 0; c < width; c++)
            {
                var value = train.Targets[face * width + c];
                if (float.IsNaN(value)) continue;
                sums[c] += value;
                counts[c]++;
            }
        var means = Enumerable.Range(0, width)
            .Select(c => counts[c] == 0 ? TargetScaling.Centre : (float)(sums[c] / counts[c])).ToArray();
        return new TrainedModel(MeanName, train.Columns, null, means, CPU);
    }

    /// <summary>Predicts <paramref name="count"/> faces (grey levels in [0,1], 9216 per face): count × columns pixel coordinates.</summary>
    public float[] Predict(float[] pixels, int count)
    {
        if (pixels.Length != (long)count * KeypointSchema.PixelCount)
            throw new ArgumentException(
                $"Expected {count} faces of {KeypointSchema.PixelCount} pixels ({(long)count * KeypointSchema.PixelCount} values), got {pixels.Length}.",
                nameof(pixels));
        const int side = KeypointSchema.ImageSize;
        using var all = tensor(pixels, [count, 1, side, side]);
        return Predict(all);
    }

    /// <summary>Predicts faces [N, 1, 96, 96] (grey levels in [0,1], on the CPU): N × columns pixel coordinates.</summary>
    internal float[] Predict(Tensor faces)
    {
        int count = (int)faces.shape[0], width = Columns.Count;
        var result = new float[count * width];
        if (mean is not null)
        {
            for (int face = 0; face < count; face++) mean.CopyTo(result, face * width);
            return result;
        }
        using var _ = no_grad();
        using var flip = FlipAveraging ? new HorizontalFlip(Columns, device, MirrorSum) : null;
        // A face and its mirror go through in one batch: one pass, the same number of images per pass.
        int images = PassSize.Images(device, network!);
        int chunk = flip is null ? images : Math.Max(1, images / 2);
        for (int start = 0; start < count; start += chunk)
        {
            using var scope = NewDisposeScope();
            int length = Math.Min(chunk, count - start);
            var batch = faces.narrow(0, start, length).to(device);
            var scaled = network!.forward(flip is null ? batch : cat([batch, flip.Images(batch)]));
            // The flip maps a mirrored face's targets back as well: it is its own inverse.
            if (flip is not null) scaled = scaled.narrow(0, 0, length).add(flip.Targets(scaled.narrow(0, length, length))).div(2);
            var output = scaled.mul(TargetScaling.HalfRange).add(TargetScaling.Centre).cpu();
            output.data<float>().CopyTo(result, start * width);
        }
        return result;
    }

    public void Save(Stream destination)
    {
        using var writer = new BinaryWriter(destination, System.Text.Encoding.UTF8, leaveOpen: true);
        FormatHeader.Write(writer, Magic, FormatVersion);
        writer.Write(Network);
        writer.Write(Columns.Count);
        foreach (var column in Columns) writer.Write(column);
        writer.Write(FlipAveraging);
        writer.Write(MirrorSum);
        if (mean is not null)
            foreach (var value in mean) writer.Write(value);
        else
            TensorSet.Write(writer, TensorSet.StateOf(network!));
    }

    /// <summary>Reads a model written by <see cref="Save"/>, onto <paramref name="device"/> (auto | cpu | cuda).</summary>
    public static TrainedModel Load(Stream source, string device = "auto")
    {
        using var reader = new BinaryReader(source, System.Text.Encoding.UTF8, leaveOpen: true);
        var version = FormatHeader.Read(reader, Magic, 1, FormatVersion, "a KeypointGrains model");
        var name = reader.ReadString();
        var columns = new int[reader.ReadInt32()];
        for (int i = 0; i < columns.Length; i++) columns[i] = reader.ReadInt32();
        if (columns.Any(c => c < 0 || c >= KeypointSchema.ColumnCount))
            throw new InvalidDataException("Model names a column outside the keypoint schema.");
        var flipAveraging = version >= 2 && reader.ReadBoolean();
        var mirrorSum = version >= 3 ? reader.ReadSingle() : KeypointSchema.LabelMirrorSum;
        if (name == MeanName)
        {
            var means = new float[columns.Length];
            for (int i = 0; i < means.Length; i++) means[i] = reader.ReadSingle();
            return new TrainedModel(name, columns, null, means, CPU) { FlipAveraging = flipAveraging, MirrorSum = mirrorSum };
        }
        var target = ComputeDevice.Resolve(device);
        var network = NetworkRegistry.Create(name, columns.Length);
        try
        {
            network.to(target);
            TensorSet.ReadInto(reader, TensorSet.StateOf(network), $"Model '{name}'");
        }
        catch
        {
            network.Dispose();
            throw;
        }
        return new TrainedModel(name, columns, network, null, target) { FlipAveraging = flipAveraging, MirrorSum = mirrorSum };
    }

    public void Dispose() => network?.Dispose();
}
