using KeypointGrains.Contracts.Storage;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Keypoints.Evaluation;

namespace KeypointGrains.Cluster.Tests.Support;

public static class StoredModels
{
    /// <summary>A stored model's forward pass on the CPU, outside Orleans: what the cluster's answers are checked against.</summary>
    public static async Task<float[]> PredictAsync(ICheckpointStore store, CheckpointReference checkpoint, float[] pixels, int count)
    {
        await using var stream = await store.OpenReadAsync(checkpoint);
        using var model = TrainedModel.Load(stream, "cpu");
        return model.Predict(pixels, count);
    }
}
