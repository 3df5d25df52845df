using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Networks;
using static TorchSharp.torch;

namespace KeypointGrains.Keypoints.Tests.Reporting;

/// <summary>
/// Test-only: a trained model's network as a module, read back from <see cref="TrainedModel.Save"/> (TrainedModel does
/// not hand out its module). Follows TrainedModel's layout: magic, version, name, columns, then the tensor set.
/// </summary>
internal static class TrainedNetwork
{
    public static nn.Module<Tensor, Tensor> Of(TrainedModel model)
    {
        using var stored = new MemoryStream();
        model.Save(stored);
        stored.Position = 0;
        using var reader = new BinaryReader(stored);
        reader.ReadString();
        reader.ReadInt32();
        var name = reader.ReadString();
        var columns = reader.ReadInt32();
        for (int i = 0; i < columns; i++) reader.ReadInt32();
        var network = NetworkRegistry.Create(name, columns);
        TensorSet.ReadInto(reader, TensorSet.StateOf(network), name);
        return network;
    }
}
