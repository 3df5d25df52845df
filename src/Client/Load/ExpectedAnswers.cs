using KeypointGrains.Client.Commands;
using KeypointGrains.ClusterClient.Inference;
using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Contracts.Storage;

namespace KeypointGrains.Client.Load;

/// <summary>What the cluster should answer: each member's own passes in this process, merged as the client merges them.</summary>
public static class ExpectedAnswers
{
    /// <summary>For each request, 30 coordinates per face.</summary>
    public static async Task<IReadOnlyList<float[]>> ComputeAsync(ICheckpointStore checkpoints, EnsembleManifest manifest,
        IReadOnlyList<FaceBatch> requests, string device)
    {
        var members = manifest.Specialists.Concat(manifest.Baseline is { } baseline ? [baseline] : []).ToArray();
        var models = await CheckpointModels.LoadAsync(checkpoints, members, device);
        try
        {
            return requests.Select(request =>
            {
                var pixels = request.Pixels.Select(b => b / 255f).ToArray();
                var answers = members.Zip(models, (member, model) =>
                    new GroupPrediction(member.Model, member.Columns, model.Predict(pixels, request.Count))).ToArray();
                var outcomes = answers.Where(a => a.Model != ModelPlan.BaselineName)
                    .Select(a => new GroupOutcome(members.Single(m => m.Model == a.Model), a)).ToArray();
                return PredictionMerger.Merge(request.Count, outcomes, answers.FirstOrDefault(a => a.Model == ModelPlan.BaselineName),
                    manifest.Version).Coordinates;
            }).ToArray();
        }
        finally
        {
            foreach (var model in models) model.Dispose();
        }
    }
}
