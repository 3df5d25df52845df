using TorchSharp;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Networks;

/// <summary>
/// Named tensors (a module's state, a weight snapshot, momentum buffers) written to and read from a binary stream.
/// Values go through the CPU, so a set written on one device loads onto another.
/// </summary>
public static class TensorSet
{
    public static void Write(BinaryWriter writer, IReadOnlyList<(string Name, Tensor Value)> tensors)
    {
        writer.Write(tensors.Count);
        foreach (var (name, value) in tensors)
        {
            writer.Write(name);
            value.Save(writer);
        }
    }

    /// <summary>Reads a set written by <see cref="Write"/> into <paramref name="destinations"/>, which must match it name for name.</summary>
    public static void ReadInto(BinaryReader reader, IReadOnlyList<(string Name, Tensor Value)> destinations, string what)
    {
        int count = reader.ReadInt32();
        if (count != destinations.Count)
            throw new InvalidDataException($"{what}: the stream holds {count} tensors, this model has {destinations.Count}.");
        using var _ = no_grad();
        foreach (var (name, destination) in destinations)
        {
            var stored = reader.ReadString();
            if (stored != name)
                throw new InvalidDataException($"{what}: expected tensor '{name}', found '{stored}'.");
            using var staging = empty(destination.shape, destination.dtype);
            staging.Load(reader);
            destination.copy_(staging);
        }
    }

    /// <summary>The module's parameters and buffers, by name, in a fixed order.</summary>
    public static IReadOnlyList<(string Name, Tensor Value)> StateOf(nn.Module module) =>
        module.state_dict().Select(kv => (kv.Key, kv.Value)).ToArray();

    /// <summary>Detached copies of the module's state, kept on its device (for "best weights so far").</summary>
    public static IReadOnlyList<(string Name, Tensor Value)> Snapshot(nn.Module module)
    {
        using var _ = no_grad();
        return StateOf(module).Select(t => (t.Name, t.Value.detach().clone().DetachFromDisposeScope())).ToArray();
    }

    public static void CopyInto(nn.Module module, IReadOnlyList<(string Name, Tensor Value)> source)
    {
        using var _ = no_grad();
        var state = StateOf(module);
        for (int i = 0; i < state.Count; i++) state[i].Value.copy_(source[i].Value);
    }

    public static void Dispose(IReadOnlyList<(string Name, Tensor Value)>? tensors)
    {
        foreach (var (_, value) in tensors ?? []) value.Dispose();
    }
}
