using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Contracts.Storage;
using KeypointGrains.Keypoints.Evaluation;
using KeypointGrains.Keypoints.Networks;
using KeypointGrains.Keypoints.Schema;
using static TorchSharp.torch;

namespace KeypointGrains.Cluster.Tests.Support;

/// <summary>Ensembles of untrained MLPs written straight into a checkpoint store: serving tests need weights, not training.</summary>
public static class TinyEnsembles
{
    /// <summary>
    /// Version <paramref name="version"/> of campaign <paramref name="campaign"/>: the baseline and the specialists named
    /// (all six by default), each with its own weights.
    /// </summary>
    public static Task<EnsembleManifest> WriteAsync(ICheckpointStore store, string campaign, int version, params string[] specialists) =>
        WriteAsync(store, campaign, version, folds: 0, specialists);

    /// <summary>
    /// The same for a k-fold campaign of <paramref name="folds"/> folds: every group (the baseline too) once per fold,
    /// named "group@fold", each copy with weights of its own.
    /// </summary>
    public static async Task<EnsembleManifest> WriteAsync(ICheckpointStore store, string campaign, int version, int folds,
        params string[] specialists)
    {
        var groups = specialists.Length > 0 ? specialists : KeypointSchema.Specialists.Select(s => s.Name).ToArray();
        var members = new List<EnsembleMember>();
        var copies = groups.Select(g => (Group: g, KeypointSchema.Specialist(g).Columns))
            .Prepend((ModelPlan.BaselineName, Enumerable.Range(0, KeypointSchema.ColumnCount).ToArray()))
            .SelectMany(g => Enumerable.Range(folds == 0 ? 0 : 1, Math.Max(folds, 1)).Select(fold => (Model: ModelPlan.NameOf(g.Group, fold), g.Columns)));
        foreach (var (model, columns) in copies)
        {
            manual_seed(members.Count + 100 * version);
            using var trained = TrainedModel.FromNetwork("mlp", columns, NetworkRegistry.Create("mlp", columns.Count), CPU);
            trained.FlipAveraging = true;
            var checkpoint = await store.WriteAsync($"{campaign}/v{version}/{model}.model", version, trained.Save);
            members.Add(new EnsembleMember(model, "mlp", columns, checkpoint, ValidationLoss: 0.01));
        }
        return new EnsembleManifest(campaign, version, members);
    }
}
