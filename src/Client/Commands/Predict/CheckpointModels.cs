using KeypointGrains.Contracts.Inference;
using KeypointGrains.Contracts.Storage;
using KeypointGrains.Keypoints.Evaluation;

namespace KeypointGrains.Client.Commands;

/// <summary>Ensemble members loaded in this process from the checkpoint store, for passes without the cluster.</summary>
public static class CheckpointModels
{
    /// <summary>The members' models on <paramref name="device"/>, in order; the caller disposes them.</summary>
    public static async Task<List<TrainedModel>> LoadAsync(ICheckpointStore checkpoints, IEnumerable<EnsembleMember> members, string device)
    {
        var models = new List<TrainedModel>();
        try
        {
            foreach (var member in members)
            {
                await using var stream = await checkpoints.OpenReadAsync(member.Checkpoint);
                models.Add(TrainedModel.Load(stream, device));
            }
            return models;
        }
        catch
        {
            foreach (var model in models) model.Dispose();
            throw;
        }
    }
}
