using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Storage;

namespace KeypointGrains.Client.Commands;

public static class ModelLoader
{
    /// <summary>Loads a model from a run folder or a model file, with an error that says what was expected.</summary>
    public static TrainedModel Load(string? path, string device)
    {
        if (path is null) throw new UsageException("--run (a run folder written by kg train) or --campaign (a specialist ensemble on the cluster) is required.");
        var file = Directory.Exists(path) ? new RunFolder(path).ModelFile : path;
        if (!File.Exists(file))
            throw new UsageException($"No trained model at '{file}'. Train one with: kg train --data training.csv --out {path}");
        using var stream = File.OpenRead(file);
        return TrainedModel.Load(stream, device);
    }
}
