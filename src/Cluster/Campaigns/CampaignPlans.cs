using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Cluster.Campaigns;

public static class CampaignPlans
{
    /// <summary>The seed's study: a baseline on all 30 columns plus the six specialists of the schema.</summary>
    public static CampaignPlan SeedStudy(string campaignId, string dataPath, TrainingSettings training) =>
        new(campaignId, dataPath,
            [
                new ModelPlan(ModelPlan.BaselineName, Enumerable.Range(0, KeypointSchema.ColumnCount).ToArray()),
                .. KeypointSchema.Specialists.Select(s => new ModelPlan(s.Name, s.Columns.ToArray())),
            ],
            training);
}
