using KeypointGrains.Client.Commands;
using KeypointGrains.ClusterClient.Inference;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Contracts.Storage;
using KeypointGrains.Keypoints.Data;

namespace KeypointGrains.Client.Load;

/// <summary>
/// What the cluster should answer: each member's own pass in this process (every fold copy of a k-fold campaign, the
/// baseline's too), merged as the client merges them.
/// </summary>
public static class ExpectedAnswers
{
    /// <summary>For each request, 30 coordinates per face.</summary>
    public static async Task<IReadOnlyList<float[]>> ComputeAsync(ICheckpointStore checkpoints, EnsembleManifest manifest,
        IReadOnlyList<FaceBatch> requests, string device)
    {
        var members = manifest.Members;
        var models = await CheckpointModels.LoadAsync(checkpoints, members, device);
        try
        {
            return requests.Select(request =>
            {
                var pixels = GreyLevels.ToUnit(request.Pixels);
                var answers = members.Zip(models, (member, model) =>
                    new GroupPrediction(member.Model, member.Columns, model.Predict(pixels, request.Count))).ToArray();
                return PredictionMerger.Merge(request.Count, manifest, answers).Coordinates;
            }).ToArray();
        }
        finally
        {
            foreach (var model in models) model.Dispose();
        }
    }
}
