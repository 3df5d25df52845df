using System.Collections.Concurrent;
using KeypointGrains.Contracts.Storage;
using KeypointGrains.Contracts.Training;
using KeypointGrains.Grains.Placement;
using KeypointGrains.Keypoints.Evaluation;
using Microsoft.Extensions.Logging;

namespace KeypointGrains.Grains.Inference;

/// <summary>
/// The inference models this silo has loaded, one per checkpoint: every predictor activation on the silo shares them,
/// so a manifest version's weights are read from storage once per silo.
/// </summary>
public sealed class ModelCache(ICheckpointStore checkpoints, SiloDevice device, ILogger<ModelCache> log) : IDisposable
{
    private readonly ConcurrentDictionary<CheckpointReference, Lazy<Task<TrainedModel>>> models = new();

    public Task<TrainedModel> Get(CheckpointReference checkpoint) =>
        models.GetOrAdd(checkpoint, c => new Lazy<Task<TrainedModel>>(() => Load(c))).Value;

    private async Task<TrainedModel> Load(CheckpointReference checkpoint)
    {
        try
        {
            await using var stream = await checkpoints.OpenReadAsync(checkpoint);
            return TrainedModel.Load(stream, device.TorchDevice);
        }
        catch (Exception error)
        {
            // The seal is checked before a weight is read: a damaged checkpoint is refused, never served.
            if (error is CorruptCheckpointException) log.LogError("Refusing to serve {Checkpoint}: {Error}", checkpoint, error.Message);
            models.TryRemove(checkpoint, out _); // let the next request try again rather than cache the failure
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var model in models.Values.Where(m => m.IsValueCreated && m.Value.IsCompletedSuccessfully))
            model.Value.Result.Dispose();
    }
}
