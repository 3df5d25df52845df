using KeypointGrains.Keypoints.Networks;
using KeypointGrains.Keypoints.Schema;
using TorchSharp;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Evaluation;

/// <summary>
/// Several trained models that answer for the same faces, in as few passes as they allow: members that share a fusable
/// network (<see cref="IFusableNetwork"/>) run as one fused pass per network kind, each face together with its mirror
/// when a member averages flips, and their answers come back to the host in one copy. Members that cannot be fused (the
/// mean model, a network without a fusion plan) predict one by one, in fp32. Owns its members: fused ones are disposed
/// once copied into the fused network.
/// </summary>
public sealed class EnsembleModel : IDisposable
{
    private readonly IReadOnlyList<FusedGroup> fused;
    private readonly IReadOnlyList<(int Index, TrainedModel Model)> separate;
    private readonly Device device;

    private EnsembleModel(IReadOnlyList<IReadOnlyList<int>> columns, IReadOnlyList<FusedGroup> fused,
        IReadOnlyList<(int, TrainedModel)> separate, Device device, ScalarType precision, int facesPerPass)
    {
        Columns = columns;
        this.fused = fused;
        this.separate = separate;
        this.device = device;
        Precision = precision;
        FacesPerPass = facesPerPass;
    }

    /// <summary>Each member's columns, in the order of <see cref="Predict(float[], int)"/>'s answers.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Columns { get; }

    /// <summary>The number format of the fused passes (fp32 on the CPU whatever was asked).</summary>
    public ScalarType Precision { get; }

    /// <summary>
    /// Faces per fused pass: larger requests are cut into passes of this size, which bounds activation memory on a GPU;
    /// on the CPU passes are smaller still where the fused activations would not fit in the cache (<see cref="PassSize"/>).
    /// </summary>
    public int FacesPerPass { get; }

    /// <summary>How many members answer in fused passes (the rest predict one by one).</summary>
    public int FusedMembers => fused.Sum(g => g.Members.Count);

    /// <summary>
    /// The ensemble of <paramref name="members"/> (all on one device), fused where their networks allow, in
    /// <paramref name="precision"/> (<see cref="InferencePrecision"/>) on CUDA.
    /// </summary>
    public static EnsembleModel Create(IReadOnlyList<TrainedModel> members, string precision = InferencePrecision.Fp32,
        int facesPerPass = 64)
    {
        if (members.Count == 0) throw new ArgumentException("An ensemble needs at least one model.", nameof(members));
        if (facesPerPass < 1) throw new ArgumentOutOfRangeException(nameof(facesPerPass), facesPerPass, "A pass needs at least one face.");
        var networked = members.Where(m => m.Module is not null).ToArray();
        var device = networked.Length > 0 ? networked[0].Device : CPU;
        if (networked.Any(m => m.Device != device))
            throw new ArgumentException("An ensemble's models must be on one device.", nameof(members));
        var type = InferencePrecision.On(device, precision);

        var fused = new List<FusedGroup>();
        try
        {
            foreach (var kind in members.Select((model, index) => (model, index))
                         .Where(m => m.model.Module is IFusableNetwork).GroupBy(m => m.model.Network))
                fused.Add(new FusedGroup(kind.Select(m => m.index).ToArray(), kind.Select(m => m.model).ToArray(), type));
        }
        catch
        {
            foreach (var group in fused) group.Dispose();
            throw;
        }
        var inFused = fused.SelectMany(g => g.Members).ToHashSet();
        foreach (var index in inFused) members[index].Dispose();
        var separate = members.Select((model, index) => (index, model)).Where(m => !inFused.Contains(m.index)).ToArray();
        if (device.type == DeviceType.CPU && fused.Count > 0) facesPerPass = Math.Min(facesPerPass, fused.Min(g => g.FacesPerPass));
        return new EnsembleModel(members.Select(m => m.Columns).ToArray(), fused, separate, device, type, facesPerPass);
    }

    /// <summary>Predicts <paramref name="count"/> faces (grey levels in [0,1], 9216 per face): for each member, count × its columns pixel coordinates.</summary>
    public float[][] Predict(float[] pixels, int count)
    {
        Check(pixels.Length, count);
        using var faces = tensor(pixels, [count, 1, KeypointSchema.ImageSize, KeypointSchema.ImageSize]);
        return Predict(faces);
    }

    /// <summary>Predicts <paramref name="count"/> faces given as bytes (0..255, 9216 per face), as they travel; scaled on the device.</summary>
    public float[][] Predict(byte[] greyLevels, int count)
    {
        Check(greyLevels.Length, count);
        using var faces = tensor(greyLevels, [count, 1, KeypointSchema.ImageSize, KeypointSchema.ImageSize]);
        return Predict(faces);
    }

    private float[][] Predict(Tensor faces)
    {
        int count = (int)faces.shape[0];
        var answers = Columns.Select(c => new float[count * c.Count]).ToArray();
        using var _ = no_grad();
        if (fused.Count > 0)
            for (int start = 0; start < count; start += FacesPerPass)
                FusedPass(faces.narrow(0, start, Math.Min(FacesPerPass, count - start)), start, answers);
        if (separate.Count > 0)
        {
            using var pixels = faces.dtype == ScalarType.Byte ? faces.to(ScalarType.Float32).div_(255) : faces.alias();
            foreach (var (index, model) in separate) answers[index] = model.Predict(pixels);
        }
        return answers;
    }

    /// <summary>One pass of every fused group over <paramref name="faces"/>, and one copy of all their answers to the host.</summary>
    private void FusedPass(Tensor faces, int start, float[][] answers)
    {
        using var scope = NewDisposeScope();
        int count = (int)faces.shape[0];
        // Pinned host memory lets the copy to the GPU run without a staging copy of its own.
        var input = (device.type == DeviceType.CUDA ? faces.pin_memory() : faces).to(device, non_blocking: true);
        input = faces.dtype == ScalarType.Byte ? input.to(Precision).div_(255) : input.to(Precision);
        var all = cat(fused.Select(g => g.Forward(input)).ToArray(), 1).cpu();
        var values = all.data<float>().ToArray();
        int width = (int)all.shape[1], offset = 0;
        foreach (var group in fused)
            foreach (var index in group.Members)
            {
                int columns = Columns[index].Count;
                for (int face = 0; face < count; face++)
                    Array.Copy(values, face * width + offset, answers[index], (start + face) * columns, columns);
                offset += columns;
            }
    }

    private static void Check(int length, int count)
    {
        if (length != (long)count * KeypointSchema.PixelCount)
            throw new ArgumentException($"Expected {count} faces of {KeypointSchema.PixelCount} pixels, got {length} values.");
    }

    public void Dispose()
    {
        foreach (var group in fused) group.Dispose();
        foreach (var (_, model) in separate) model.Dispose();
    }
}
