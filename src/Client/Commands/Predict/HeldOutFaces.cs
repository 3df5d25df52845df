using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Contracts.Inference;
using KeypointGrains.Keypoints.Data;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Client.Commands;

/// <summary>The faces a campaign's models never trained on, for the report and the benchmarks to score them on.</summary>
public static class HeldOutFaces
{
    /// <summary>The split the campaign's models of <paramref name="fold"/> trained on (its only split without folds).</summary>
    public static (FaceSet Train, FaceSet Validation) SplitOf(CampaignPlan plan, FaceSet faces, int fold) =>
        DataSplit.Grouped(faces, plan.SplitOf(fold));

    /// <summary>
    /// The complete faces of the file that each part of the ensemble may be scored on: without folds the validation side
    /// with the whole manifest; with K folds each fold's held-out faces with that fold's members, so every complete face
    /// is scored once, by models that never trained on it.
    /// </summary>
    public static IReadOnlyList<(EnsembleManifest Members, FaceSet Faces)> Of(CampaignPlan plan, EnsembleManifest manifest, FaceSet faces) =>
        plan.Folds >= 2
            ? Enumerable.Range(1, plan.Folds).Select(fold => (manifest.OfFold(fold), Complete(SplitOf(plan, faces, fold)))).ToArray()
            : [(manifest, Complete(SplitOf(plan, faces, fold: 0)))];

    private static FaceSet Complete((FaceSet Train, FaceSet Validation) split) => split.Validation.Labelled(KeypointSchema.AllColumns);
}
